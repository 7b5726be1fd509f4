using Experiments.Training.Models;
using System.CommandLine;
using Experiments.Specs;

namespace Experiments.Cli.Commands;

/// <summary><c>experiments validate FILE</c>: checks a spec without running anything.</summary>
public static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var specArgument = new Argument<string>("spec") { Description = "Path to the sweep spec (YAML)." };
        var command = new Command("validate", "Check a sweep spec and exit 0 if it is valid, 2 with precise errors if not.") { specArgument };
        command.SetAction(parseResult =>
        {
            var result = SweepSpecParser.ParseFile(parseResult.GetValue(specArgument)!, ModelFamilies.Catalog);
            if (!result.IsValid)
            {
                SpecErrorsWriter.Write(error, result);
                return ExitCodes.InvalidInput;
            }

            var spec = result.Spec!;
            output.WriteLine(
                $"{spec.SourceName}: valid. Sweep '{spec.Name}': {spec.Budget.MaxTrials} trials of {spec.ModelAndData}, " +
                $"{spec.Search.Algorithm} search over {spec.Parameters.Parameters.Count} parameters, " +
                $"{spec.Objective.Goal.ToString().ToLowerInvariant()} {spec.Objective.Metric}, {spec.Budget.Epochs} epochs each, {spec.Budget.Parallel} in parallel." +
                (spec.Curriculum is { } curriculum ? $" Curriculum: {curriculum.Describe(spec.Budget.Epochs)}." : string.Empty));
            return ExitCodes.Success;
        });
        return command;
    }
}
