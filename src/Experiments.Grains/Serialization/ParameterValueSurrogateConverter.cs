using Experiments.Contracts.Parameters;

namespace Experiments.Grains.Serialization;

[RegisterConverter]
public sealed class ParameterValueSurrogateConverter : IConverter<ParameterValue, ParameterValueSurrogate>
{
    public ParameterValue ConvertFromSurrogate(in ParameterValueSurrogate surrogate) =>
        new((ParameterKind)surrogate.Kind, surrogate.Number, surrogate.Text);

    public ParameterValueSurrogate ConvertToSurrogate(in ParameterValue value) =>
        new() { Kind = (int)value.Kind, Number = value.Number, Text = value.Text };
}
