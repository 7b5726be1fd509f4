using Experiments.ServiceDefaults;
using Experiments.Training;
using Experiments.WorkerRuntime;
using Microsoft.Extensions.Hosting;

// A worker node: Worker:Slots trials at a time (one per GPU), from the start-trial queue.
// It never talks to Orleans: only to the broker (ConnectionStrings__rabbitmq) and MLflow.
try
{
    TorchRuntime.EnsureAvailable();
}
catch (TorchUnavailableException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}

// The program's own folder as content root, not the working folder: see the silo's Program.cs.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults("experiments-worker");
builder.AddTrialWorkerNode();
await builder.Build().RunAsync();
return 0;
