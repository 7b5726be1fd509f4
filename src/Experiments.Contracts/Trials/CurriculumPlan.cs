using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Contracts.Trials;

/// <summary>
/// The curriculum one trial trains with (the spec's <c>curriculum:</c>, resolved to whole epochs): stages in order, the
/// first from epoch 1, each until the next one's first epoch, the last until the end. The stage of an epoch depends on
/// the epoch alone (<see cref="StageAt"/>), so a run resumed at a later epoch enters the stage an uninterrupted run
/// would be in. Carried unchanged from spec to worker.
/// </summary>
public sealed record CurriculumPlan(IReadOnlyList<CurriculumStage> Stages)
{
    /// <summary>The index (0-based) of the stage that trains epoch <paramref name="epoch"/> (1-based).</summary>
    public int StageAt(int epoch)
    {
        var index = 0;
        for (var i = 1; i < Stages.Count && Stages[i].FirstEpoch <= epoch; i++)
        {
            index = i;
        }

        return index;
    }

    /// <summary>
    /// A family's default stages fitted to <paramref name="epochs"/>: each stage starts at its cumulative share of the
    /// epochs, rounded; the last stage always keeps at least one epoch, and a stage left with none is dropped (with 3
    /// epochs, shares of 0.2, 0.2 and 0.6 give epoch 1 to the first stage and epochs 2-3 to the last). Null when the
    /// family declares no stages.
    /// </summary>
    public static CurriculumPlan? FromDefaults(CurriculumDescriptor curriculum, int epochs)
    {
        ArgumentNullException.ThrowIfNull(curriculum);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (curriculum.DefaultStages.Count == 0)
        {
            return null;
        }

        var stages = new List<CurriculumStage>();
        var elapsedShare = 0.0;
        foreach (var stage in curriculum.DefaultStages)
        {
            var first = stages.Count == 0 ? 1 : Math.Min((int)Math.Round(elapsedShare * epochs, MidpointRounding.AwayFromZero), epochs - 1) + 1;
            elapsedShare += stage.Share;
            if (stages.Count > 0 && stages[^1].FirstEpoch == first)
            {
                stages.RemoveAt(stages.Count - 1);
            }

            stages.Add(new CurriculumStage(stage.Name, first, stage.Settings));
        }

        return new CurriculumPlan(stages);
    }

    /// <summary>Null when the plan fits <paramref name="curriculum"/> and <paramref name="epochs"/>; else the first problem, in one sentence.</summary>
    public string? Check(CurriculumDescriptor curriculum, int epochs)
    {
        ArgumentNullException.ThrowIfNull(curriculum);
        if (Stages is null || Stages.Count == 0)
        {
            return "a curriculum needs at least one stage";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Stages.Count; i++)
        {
            var stage = Stages[i];
            if (string.IsNullOrWhiteSpace(stage.Name) || !names.Add(stage.Name))
            {
                return $"stage {i + 1} needs a name of its own, got '{stage.Name}'";
            }

            var expectedFirst = i == 0 ? "1" : $"after {Stages[i - 1].FirstEpoch} and at most {epochs}";
            if ((i == 0 && stage.FirstEpoch != 1) || (i > 0 && (stage.FirstEpoch <= Stages[i - 1].FirstEpoch || stage.FirstEpoch > epochs)))
            {
                return $"stage '{stage.Name}' starts at epoch {stage.FirstEpoch}; allowed: {expectedFirst}";
            }

            foreach (var (name, value) in stage.Settings)
            {
                var setting = curriculum.FindSetting(name);
                if (setting is null)
                {
                    var known = curriculum.Settings.Count == 0 ? "none" : string.Join(", ", curriculum.Settings.Select(s => s.Name));
                    return $"stage '{stage.Name}' sets '{name}', which is not a curriculum setting of this model; allowed: {known}";
                }

                if (value is null)
                {
                    return $"stage '{stage.Name}' sets {name} to nothing; allowed: {setting.Check(ParameterValue.Of(string.Empty)) ?? "a value"}";
                }

                if (setting.Check(value) is { } allowed)
                {
                    return $"stage '{stage.Name}' sets {name} = {value}; allowed: {allowed}";
                }
            }
        }

        return null;
    }

    /// <summary>One line, e.g. "coarse (epoch 1: resolution=7, instance_noise=0.2); full (epochs 2-4)": the MLflow param and log form.</summary>
    public string Describe(int epochs)
    {
        var parts = new List<string>();
        for (var i = 0; i < Stages.Count; i++)
        {
            var stage = Stages[i];
            var last = i + 1 < Stages.Count ? Stages[i + 1].FirstEpoch - 1 : epochs;
            var span = last == stage.FirstEpoch
                ? string.Create(CultureInfo.InvariantCulture, $"epoch {stage.FirstEpoch}")
                : string.Create(CultureInfo.InvariantCulture, $"epochs {stage.FirstEpoch}-{last}");
            var settings = string.Join(", ", stage.Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
            parts.Add(settings.Length == 0 ? $"{stage.Name} ({span})" : $"{stage.Name} ({span}: {settings})");
        }

        return string.Join("; ", parts);
    }
}
