using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Programs;
using Experiments.Contracts.Trials;
using Experiments.Search;

namespace Experiments.Specs;

/// <summary>
/// SHA-256 over a canonical JSON rendering of the parsed spec: independent of whitespace, comments,
/// key order and number spelling (1e-4 vs 1.0e-4), and of the process (no randomised hashes).
/// Parameters are sorted by name because neither sampler depends on their declaration order. A curriculum is written
/// only when there is one, so specs without one keep the fingerprints they had before curricula existed.
/// </summary>
internal static class SpecFingerprint
{
    /// <summary>Bump when the canonical form changes meaning, so old fingerprints never collide with new ones.</summary>
    private const int CanonicalFormVersion = 1;

    public static string Compute(
        string name, string model, string dataset, ObjectiveSpec objective, BudgetSpec budget, SearchSpec search, SearchSpace parameters, CurriculumPlan? curriculum = null, SchedulerSpec? scheduler = null, TrialProgram? program = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("format", CanonicalFormVersion);
            json.WriteString("name", name);
            json.WriteString("model", model);
            json.WriteString("dataset", dataset);
            json.WriteString("metric", objective.Metric);
            json.WriteString("goal", objective.Goal.ToString());
            json.WriteNumber("max_trials", budget.MaxTrials);
            json.WriteNumber("parallel", budget.Parallel);
            WriteNullable(json, "max_failed", budget.MaxFailed);
            json.WriteNumber("epochs", budget.Epochs);
            // Capitalised as the enum that named the first two algorithms was, so their sweeps keep their fingerprints.
            json.WriteString("algorithm", string.Concat(search.Algorithm[..1].ToUpperInvariant(), search.Algorithm[1..]));
            WriteNullable(json, "seed", search.Seed);
            if (search.Options.Explicit.Count > 0)
            {
                json.WriteStartObject("search_options");
                foreach (var (option, value) in search.Options.Explicit)
                {
                    json.WritePropertyName(option);
                    WriteValue(json, value);
                }

                json.WriteEndObject();
            }
            json.WriteStartArray("parameters");
            foreach (var parameter in parameters.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("name", parameter.Name);
                WriteDistribution(json, parameter.Distribution);
                if (parameter.IsConditional)
                {
                    // Only when set, so specs without conditions keep their fingerprints.
                    json.WriteStartArray("when");
                    foreach (var condition in parameter.When)
                    {
                        json.WriteStartObject();
                        json.WriteString("parent", condition.Parent);
                        json.WriteStartArray("values");
                        foreach (var value in condition.Values)
                        {
                            WriteValue(json, value);
                        }

                        json.WriteEndArray();
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (curriculum is not null)
            {
                WriteCurriculum(json, curriculum);
            }

            // Only when set, so specs without early stopping keep their fingerprints.
            if (scheduler is not null && scheduler.Name != SchedulerRegistry.DefaultName)
            {
                json.WriteStartObject("scheduler");
                json.WriteString("name", scheduler.Name);
                foreach (var (option, value) in scheduler.Options.Explicit)
                {
                    json.WritePropertyName(option);
                    WriteValue(json, value);
                }

                json.WriteEndObject();
            }

            if (program is not null)
            {
                WriteProgram(json, program);
            }

            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>What the program is and where it runs; how long it may take to stop does not change results.</summary>
    private static void WriteProgram(Utf8JsonWriter json, TrialProgram program)
    {
        json.WriteStartObject("command");
        json.WriteStartArray("arguments");
        foreach (var argument in program.Arguments)
        {
            json.WriteStringValue(argument);
        }

        json.WriteEndArray();
        json.WriteString("directory", program.WorkingDirectory);
        json.WriteStartObject("environment");
        foreach (var (name, value) in program.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCurriculum(Utf8JsonWriter json, CurriculumPlan curriculum)
    {
        json.WriteStartArray("curriculum");
        foreach (var stage in curriculum.Stages)
        {
            json.WriteStartObject();
            json.WriteString("name", stage.Name);
            json.WriteNumber("first_epoch", stage.FirstEpoch);
            foreach (var (setting, value) in stage.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(setting);
                WriteValue(json, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteDistribution(Utf8JsonWriter json, Distribution distribution)
    {
        switch (distribution)
        {
            case UniformDistribution uniform:
                json.WriteString("type", "uniform");
                json.WriteString("min", Canonical(uniform.Low));
                json.WriteString("max", Canonical(uniform.High));
                WriteNullable(json, "grid_points", uniform.GridPoints);
                if (uniform.Step is { } step)
                {
                    // Only when set, so specs without a step keep their fingerprints.
                    json.WriteString("step", Canonical(step));
                }

                break;
            case LogUniformDistribution log:
                json.WriteString("type", "loguniform");
                json.WriteString("min", Canonical(log.Low));
                json.WriteString("max", Canonical(log.High));
                WriteNullable(json, "grid_points", log.GridPoints);
                break;
            case IntDistribution ints:
                json.WriteString("type", "int");
                json.WriteNumber("min", ints.Low);
                json.WriteNumber("max", ints.High);
                json.WriteBoolean("log", ints.Log);
                json.WriteNumber("step", ints.Step);
                break;
            case ChoiceDistribution choice:
                json.WriteString("type", "choice");
                json.WriteStartArray("values");
                foreach (var value in choice.Values)
                {
                    WriteValue(json, value);
                }

                json.WriteEndArray();
                break;
            case FixedDistribution fixedValue:
                json.WriteString("type", "fixed");
                json.WritePropertyName("value");
                WriteValue(json, fixedValue.Value);
                break;
            default:
                throw new InvalidOperationException($"No canonical form for {distribution.GetType().Name}.");
        }
    }

    private static void WriteValue(Utf8JsonWriter json, ParameterValue value) =>
        json.WriteStringValue($"{value.Kind}:{(value.Kind == ParameterKind.Float ? Canonical(value.Number) : value.ToString())}");

    private static string Canonical(double number) => number.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteNullable(Utf8JsonWriter json, string property, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(property, v);
        }
        else
        {
            json.WriteNull(property);
        }
    }
}
