using Experiments.Api;
using Experiments.Hosting;
using Experiments.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

// The control plane: grains for experiments, sweeps and trials, the consumers that forward worker reports to them,
// and the REST API (ASPNETCORE_URLS, default http://localhost:5000; tokens under Experiments:Api). Cluster mode by
// configuration: ConnectionStrings__redis (membership, grain state, reminders), ConnectionStrings__rabbitmq (trials
// to workers), MLFLOW_TRACKING_URI; without Redis one localhost silo keeps its state in files under
// Experiments:StateDirectory.
// The content root is the program's own folder (where an appsettings.json would sit), not the working folder: the
// configuration watcher follows the content root with all its subfolders, and a working folder holding mlruns would
// wake it for every file MLflow writes.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults("experiments-silo");
// One line per request is noise in a silo's log; failures are logged by the API itself.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.AddExperimentsNode(NodeRoles.Silo);
builder.Services.AddExperimentsApi(builder.Configuration);

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapExperimentsApi();
await app.RunAsync();
