using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Training.Imaging;
using Experiments.Training.Models;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

/// <summary>
/// Anomaly detection in the families that offer it (a hyperparameter <c>anomaly_class</c>): with it set, a trial
/// reports every catalog metric, the anomaly ones included, and a histogram of the scores each epoch; without it, the
/// metrics are those of the family without anomaly detection.
/// </summary>
public sealed class AnomalyDetectionTests
{
    public static TheoryData<string> Families => new(FamilyNames());

    [Fact]
    public void The_vae_and_the_autoencoder_detect_anomalies_and_only_their_anomaly_metrics_need_anomaly_class()
    {
        Assert.Equal(["autoencoder", "vae"], FamilyNames().Order());
        foreach (var model in ModelFamilies.All.Select(family => family.Descriptor))
        {
            Assert.All(model.Metrics.Where(m => m.OnlyWith is not null), metric =>
            {
                Assert.StartsWith("anomaly_auroc", metric.Name, StringComparison.Ordinal);
                Assert.Equal("anomaly_class", metric.OnlyWith);
                Assert.NotNull(model.FindHyperparameter(metric.OnlyWith!));
            });
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task With_anomaly_class_set_a_family_reports_every_catalog_metric_and_a_score_histogram(string name)
    {
        var model = ModelFamilies.Catalog.Find(name)!;
        var observer = new RecordingObserver();
        var request = new TrainingRequest(name, "mnist", new Dictionary<string, ParameterValue>
        {
            ["base_channels"] = ParameterValue.Int(8),
            ["anomaly_class"] = ParameterValue.Int(3),
        }, Epochs: 1, Seed: 3)
        {
            Device = "cpu",
            MaxTrainImages = 256,
        };

        await new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, observer, TestContext.Current.CancellationToken);

        var metrics = observer.Epochs.Single().Metrics;
        Assert.Equal(model.MetricsFor(DataKind.Images).Select(m => m.Name).Order(), metrics.Keys.Order());
        Assert.All(metrics.Where(m => m.Key.StartsWith("anomaly_auroc", StringComparison.Ordinal)), auroc => Assert.InRange(auroc.Value, 0, 1));
        var histogram = PngInspector.Decode(observer.Artifacts["anomaly/scores-epoch-001.png"]);
        Assert.Equal((ScoreHistogram.Width, ScoreHistogram.Height, 2), (histogram.Width, histogram.Height, histogram.ColourType));
    }

    private static IEnumerable<string> FamilyNames() => ModelFamilies.All.Select(family => family.Descriptor)
        .Where(model => model.FindHyperparameter("anomaly_class") is not null).Select(model => model.Name);
}
