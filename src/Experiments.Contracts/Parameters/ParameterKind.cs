namespace Experiments.Contracts.Parameters;

/// <summary>The type of a hyperparameter value, as declared by a model and carried on the wire.</summary>
public enum ParameterKind
{
    Float,
    Int,
    Text,
    Bool,
}
