using System.Globalization;
using Experiments.Contracts.Programs;
using Experiments.Search;

namespace Experiments.Specs;

/// <summary>
/// Reads <c>command:</c>, the program a <c>command</c> sweep runs per trial: a command line (text, split like a shell
/// would, or a list of arguments), or a mapping with <c>run</c> (the same), <c>directory</c> (where it runs, relative to
/// the spec; the spec's folder by default), <c>environment</c> (variables to set) and <c>stop_grace_period</c>
/// (seconds between SIGTERM and SIGKILL). Every <c>{placeholder}</c> must name a parameter or a built-in value.
/// </summary>
internal sealed class CommandReader(SweepSpecValidator validator, string baseDirectory)
{
    public const double MaxStopGracePeriodSeconds = 3600;

    private const string Field = "command";
    private static readonly string[] Keys = ["run", "directory", "environment", "stop_grace_period"];

    public TrialProgram? Read(YamlNode node, SearchSpace? parameters)
    {
        if (node is not YamlMapping)
        {
            var arguments = ReadArguments(node, Field, parameters);
            return arguments is null || !CheckDirectory(baseDirectory, node, Field) ? null : new TrialProgram(arguments, baseDirectory);
        }

        var entries = validator.ReadMapping(node, Field, Keys, ["run"]);
        if (entries is null || !entries.TryGetValue("run", out var runNode))
        {
            return null;
        }

        var run = ReadArguments(runNode, "command.run", parameters);
        var directory = baseDirectory;
        if (entries.TryGetValue("directory", out var directoryNode))
        {
            directory = validator.ReadText(directoryNode, "command.directory") is { } text ? Resolve(text) : null;
            if (directory is null || !CheckDirectory(directory, directoryNode, "command.directory"))
            {
                return null;
            }
        }

        var environment = entries.TryGetValue("environment", out var environmentNode) ? ReadEnvironment(environmentNode) : [];
        var grace = TrialProgram.DefaultStopGracePeriod;
        if (entries.TryGetValue("stop_grace_period", out var graceNode))
        {
            var seconds = validator.ReadNumber(graceNode, "command.stop_grace_period");
            if (seconds is not (>= 0 and <= MaxStopGracePeriodSeconds))
            {
                if (seconds is not null)
                {
                    validator.Error(graceNode.Line, graceNode.Column, "command.stop_grace_period",
                        $"{seconds.Value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: seconds from 0 to {MaxStopGracePeriodSeconds}");
                }

                return null;
            }

            grace = TimeSpan.FromSeconds(seconds.Value);
        }

        return run is null || environment is null ? null : new TrialProgram(run, directory) { Environment = environment, StopGracePeriod = grace };
    }

    private List<string>? ReadArguments(YamlNode node, string field, SearchSpace? parameters)
    {
        List<(string Text, YamlNode Node)> words;
        switch (node)
        {
            case YamlScalar { IsNull: false } scalar when scalar.Value.Length > 0:
                var (split, problem) = CommandLineSplitter.Split(scalar.Value);
                if (split is null)
                {
                    validator.Error(node.Line, node.Column, field, problem!);
                    return null;
                }

                words = split.Select(w => (w, node)).ToList();
                break;
            case YamlSequence sequence:
                words = [];
                foreach (var item in sequence.Items)
                {
                    if (item is YamlMapping or YamlSequence)
                    {
                        validator.Error(item.Line, item.Column, field, $"expected each argument as text, got {item.Describe()}");
                        return null;
                    }

                    words.Add((item is YamlScalar { IsNull: false } text ? text.Value : string.Empty, item));
                }

                break;
            default:
                validator.Error(node.Line, node.Column, field, $"expected the program's command line (e.g. python3 train.py --lr {{lr}}) or a list of its arguments, got {node.Describe()}");
                return null;
        }

        if (words.Count == 0 || words[0].Text.Length == 0)
        {
            validator.Error(node.Line, node.Column, field, "the command line names no program; expected e.g. python3 train.py --lr {lr}");
            return null;
        }

        var known = parameters?.Parameters.Select(p => p.Name).Concat(ProgramPlaceholders.BuiltIn).ToList();
        var failed = false;
        foreach (var (text, wordNode) in words)
        {
            IReadOnlyList<string> names;
            try
            {
                names = ProgramPlaceholders.Find(text);
            }
            catch (FormatException problem)
            {
                validator.Error(wordNode.Line, wordNode.Column, field, $"argument '{text}': {problem.Message}");
                failed = true;
                continue;
            }

            var isParameter = parameters?.Find(ProgramPlaceholders.AllParameters) is not null;
            if (!isParameter && names.Contains(ProgramPlaceholders.AllParameters) && text != "{" + ProgramPlaceholders.AllParameters + "}")
            {
                validator.Error(wordNode.Line, wordNode.Column, field,
                    $"argument '{text}': {{args}} stands for several arguments (--name=value for each parameter), so it must be an argument on its own");
                failed = true;
            }

            foreach (var name in names.Where(n => known is not null && !known.Contains(n, StringComparer.Ordinal)))
            {
                validator.Error(wordNode.Line, wordNode.Column, field,
                    $"{NameSuggester.Unknown("placeholder", "{" + name + "}", known!.Select(k => "{" + k + "}").ToList(), "allowed")} (a parameter, or a value every trial has)");
                failed = true;
            }
        }

        return failed ? null : words.Select(w => w.Text).ToList();
    }

    private Dictionary<string, string>? ReadEnvironment(YamlNode node)
    {
        if (node is not YamlMapping mapping)
        {
            validator.Error(node.Line, node.Column, "command.environment", $"expected a mapping of variable name to value, got {node.Describe()}");
            return null;
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var name = entry.Key.Value;
            var field = $"command.environment.{name}";
            if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
            {
                validator.Error(entry.Key.Line, entry.Key.Column, field, $"'{name}' is not a variable name; allowed: letters, digits and '_', not starting with a digit");
                return null;
            }

            if (environment.ContainsKey(name))
            {
                validator.Error(entry.Key.Line, entry.Key.Column, field, $"duplicate key '{name}'");
                return null;
            }

            if (entry.Value is not YamlScalar scalar)
            {
                validator.Error(entry.Value.Line, entry.Value.Column, field, $"expected a text value, got {entry.Value.Describe()}");
                return null;
            }

            environment[name] = scalar.IsNull ? string.Empty : scalar.Value;
        }

        return environment;
    }

    private string? Resolve(string path)
    {
        try
        {
            return Path.GetFullPath(path, baseDirectory);
        }
        catch (ArgumentException)
        {
            return path;
        }
    }

    private bool CheckDirectory(string directory, YamlNode node, string field)
    {
        if (Directory.Exists(directory))
        {
            return true;
        }

        validator.Error(node.Line, node.Column, field, $"the program's folder '{directory}' does not exist; expected a folder relative to the spec's");
        return false;
    }
}
