using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using MassTransit.Testing;

namespace Experiments.WorkerRuntime.Tests;

/// <summary>A trial with a curriculum: MLflow gets the stage index as a metric at each stage's first step and the stage's name as a tag; the control plane gets the stage with every epoch.</summary>
public sealed class CurriculumTrialTests
{
    [Fact]
    public async Task Each_stage_is_logged_as_curriculum_stage_at_its_first_step_tagged_by_name_and_reported_with_its_epochs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = await WorkerHarness.StartAsync();
        var plan = new CurriculumPlan(
        [
            new("kl_warmup", 1, new Dictionary<string, ParameterValue> { ["beta_scale"] = ParameterValue.Float(0.25) }),
            new("full", 2, new Dictionary<string, ParameterValue>()),
        ]);
        var command = await Trials.NewAsync(worker.Tracker, epochs: 3) with { Curriculum = plan };

        await worker.Harness.Bus.Publish(command, ct);

        Assert.True(await worker.Harness.Published.Any<TrialCompleted>(ct));
        var progress = worker.ReportedEpochs();
        Assert.Equal([(1, (int?)0, "kl_warmup"), (2, 1, "full"), (3, 1, "full")], progress.Select(p => (p.Epoch, p.CurriculumStage, p.CurriculumStageName)));

        var runKey = worker.Harness.Published.Select<TrialStarted>(ct).Single().Context.Message.RunKey;
        var tracker = await worker.DeliveredAsync();
        var stages = await tracker.GetMetricHistoryAsync(runKey, "curriculum_stage", ct);
        Assert.Equal([(0.0, 1L), (1.0, progress[0].Step + 1)], stages.Select(m => (m.Value, m.Step)));
        var run = await tracker.GetRunAsync(runKey, ct);
        Assert.Equal("full", run!.Tags["experiments.curriculum_stage"]);
        Assert.Equal("kl_warmup (epoch 1: beta_scale=0.25); full (epochs 2-3)", run.Params["curriculum"]);
    }

    [Fact]
    public async Task Without_a_curriculum_there_is_no_stage_metric_tag_or_stage_in_the_reports()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = await WorkerHarness.StartAsync();
        var command = await Trials.NewAsync(worker.Tracker, epochs: 1);

        await worker.Harness.Bus.Publish(command, ct);

        Assert.True(await worker.Harness.Published.Any<TrialCompleted>(ct));
        Assert.All(worker.ReportedEpochs(), e => Assert.Null(e.CurriculumStage));
        var runKey = worker.Harness.Published.Select<TrialStarted>(ct).Single().Context.Message.RunKey;
        var tracker = await worker.DeliveredAsync();
        Assert.Empty(await tracker.GetMetricHistoryAsync(runKey, "curriculum_stage", ct));
        var run = await tracker.GetRunAsync(runKey, ct);
        Assert.False(run!.Tags.ContainsKey("experiments.curriculum_stage"));
        Assert.Equal("none", run.Params["curriculum"]);
    }
}
