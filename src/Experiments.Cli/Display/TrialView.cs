namespace Experiments.Cli.Display;

/// <summary>
/// One trial as the tables and progress lines show it, whether it came from the embedded silo's grains or from a
/// cluster's REST API: values already in their display form, so both render identically.
/// </summary>
public sealed record TrialView
{
    public required string TrialId { get; init; }

    public required int Number { get; init; }

    /// <summary>PENDING, RUNNING, COMPLETED, FAILED, KILLED or PRUNED.</summary>
    public required string Status { get; init; }

    /// <summary>The last epoch the current attempt reported.</summary>
    public required int Epoch { get; init; }

    public double? Objective { get; init; }

    /// <summary>Hyperparameters as name and display text, in the spec's order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; }

    /// <summary>The curriculum stage of the latest epoch as shown in the stage column; "-" before one.</summary>
    public string Stage { get; init; } = "-";

    /// <summary>Key of the current attempt's MLflow run.</summary>
    public string? RunKey { get; init; }

    /// <summary>Why it failed, was killed or was pruned.</summary>
    public string? Error { get; init; }

    public bool IsActive => Status is StatusNames.Pending or StatusNames.Running;

    public bool IsCompleted => Status == StatusNames.Completed;

    /// <summary>"name=value ..." in the spec's order.</summary>
    public string ParametersText => string.Join(" ", Parameters.Select(p => $"{p.Key}={p.Value}"));

    /// <summary>The display text of one hyperparameter; null when the trial has none of that name.</summary>
    public string? ParameterText(string name)
    {
        foreach (var parameter in Parameters)
        {
            if (string.Equals(parameter.Key, name, StringComparison.Ordinal))
            {
                return parameter.Value;
            }
        }

        return null;
    }
}
