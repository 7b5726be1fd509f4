using Experiments.Hosting;
using Experiments.ServiceDefaults;
using Microsoft.Extensions.Hosting;

// The control plane: grains for experiments, sweeps and trials, and the consumers that forward worker reports to
// them. Cluster mode by configuration: ConnectionStrings__redis (membership, grain state, reminders),
// ConnectionStrings__rabbitmq (trials to workers), MLFLOW_TRACKING_URI; without Redis one localhost silo keeps
// its state in files under Experiments:StateDirectory.
var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults("experiments-silo");
builder.AddExperimentsNode(NodeRoles.Silo);
await builder.Build().RunAsync();
