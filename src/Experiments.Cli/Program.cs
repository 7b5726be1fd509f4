using System.CommandLine;
using Experiments.Cli.Commands;

var root = new RootCommand("experiments: hyperparameter sweeps of generative models, tracked in MLflow.")
{
    RunCommand.Create(Console.Out, Console.Error),
    ValidateCommand.Create(Console.Out, Console.Error),
};

// No forced exit after Ctrl-C: the run command needs time to mark running trials KILLED.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
