using Experiments.Grains.Hosting;
using Experiments.Messaging;
using Experiments.ServiceDefaults;
using Experiments.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// The control plane: grains for experiments, sweeps and trials, and the consumers that forward
// worker reports to them. Transport and tracking come from configuration
// (ConnectionStrings__rabbitmq, MLFLOW_TRACKING_URI); grain state from Experiments:StateDirectory.
var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults("experiments-silo");
builder.Services.AddExperimentTracking(builder.Configuration);
builder.Services.AddExperimentsGrainServices();
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(
        builder.Configuration.GetValue("Orleans:SiloPort", 11111),
        builder.Configuration.GetValue("Orleans:GatewayPort", 30000),
        serviceId: "experiments",
        clusterId: builder.Configuration.GetValue("Orleans:ClusterId", "experiments")!);
    silo.AddExperimentsFileStorage(builder.Configuration.GetValue("Experiments:StateDirectory", Path.Combine(".experiments", "state"))!);
});
builder.Services.AddExperimentsMessageBus(builder.Configuration, bus => bus.AddTrialEventConsumers());
await builder.Build().RunAsync();
