using System.CommandLine;
using System.Text;
using Experiments.Cli.Display;
using Experiments.Cli.Remote;
using Experiments.Specs;
using Experiments.Training.Models;

namespace Experiments.Cli.Commands;

/// <summary>
/// <c>experiments submit FILE</c>: checks the spec here as <c>validate</c> does (nothing is sent when it is invalid;
/// its folders are left to the silo), then submits it to the cluster, which starts its sweep or resumes an
/// interrupted one of the same spec.
/// </summary>
public static class SubmitCommand
{
    /// <summary>
    /// Fields checked against folders, which are the silo's business: a relative path resolves against its
    /// SpecBaseDirectory, an absolute one must exist there and on the workers, not here. Their errors are left to the
    /// server, which checks the same spec with the same rules and reports them the same way.
    /// </summary>
    private static readonly string[] SiloPathFields = ["dataset", "command.directory"];

    public static Command Create(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var specArgument = new Argument<string>("spec") { Description = "Path to the sweep spec (YAML)." };
        var newOption = new Option<bool>("--new") { Description = "Start a new sweep even if one of this spec exists (unfinished or finished)." };
        var watchOption = new Option<bool>("--watch") { Description = "Then follow the sweep as 'experiments status SWEEP --watch' does." };
        var remote = new RemoteCommandOptions();
        var command = new Command("submit", "Check a sweep spec and submit it to the cluster.") { specArgument, newOption, watchOption };
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => SubmitAsync(
            parseResult,
            parseResult.GetValue(specArgument)!,
            parseResult.GetValue(newOption),
            parseResult.GetValue(watchOption),
            remote,
            output,
            error,
            environment,
            cancellationToken));
        return command;
    }

    private static async Task<int> SubmitAsync(
        ParseResult parseResult,
        string specPath,
        bool startNew,
        bool watch,
        RemoteCommandOptions remote,
        TextWriter output,
        TextWriter error,
        Func<string, string?> environment,
        CancellationToken cancellationToken)
    {
        var parsed = SweepSpecParser.ParseFile(specPath, ModelFamilies.Catalog);
        var localErrors = parsed.Errors.Where(e => !SiloPathFields.Contains(e.Field, StringComparer.Ordinal)).ToList();
        if (localErrors.Count > 0)
        {
            SpecErrorsWriter.Write(error, parsed with { Errors = localErrors });
            return ExitCodes.InvalidInput;
        }

        return await remote.RunAsync(parseResult, error, environment, async client =>
        {
            // The text as it is on disk, so the server keeps (and MLflow shows) the spec as written.
            var text = await File.ReadAllTextAsync(specPath, Encoding.UTF8, cancellationToken);
            var name = Path.GetFileName(specPath);
            Contracts.Api.SweepSubmission submission;
            try
            {
                submission = await client.SubmitAsync(text, name, startNew, cancellationToken);
            }
            catch (ApiProblemException rejected) when (rejected.Problem.Errors.Count > 0)
            {
                // What only the silo can judge (its folders), or a silo of another version: shown as the local check shows its errors.
                foreach (var specError in rejected.Problem.Errors)
                {
                    var file = specError.File == name ? specPath : specError.File;
                    await error.WriteLineAsync($"{file}:{specError.Line}:{specError.Column}: {specError.Field}: {specError.Message}");
                }

                await error.WriteLineAsync($"{rejected.Problem.Errors.Count} error(s) found by {client.Connection.Display}; nothing was run.");
                return ExitCodes.InvalidInput;
            }

            await output.WriteLineAsync($"Submitted {name} to {client.Connection.Display}: sweep {submission.SweepId:N}");
            await output.WriteLineAsync(submission.Message);
            if (watch)
            {
                return await new RemoteSweepWatch(client, output, error).RunAsync(submission.SweepId, cancellationToken);
            }

            if (submission.Status == StatusNames.Running)
            {
                await output.WriteLineAsync($"Follow it with: experiments status {RemoteFormatting.ShortId(submission.SweepId)} --watch");
            }

            return ExitCodes.Success;
        }, cancellationToken);
    }
}
