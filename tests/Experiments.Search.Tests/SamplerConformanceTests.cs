using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>Properties every sampler must have (after Optuna's sampler test suite).</summary>
public sealed class SamplerConformanceTests
{
    private const int Trials = 200;

    [Theory]
    [MemberData(nameof(SamplerCase.Names), MemberType = typeof(SamplerCase))]
    public void Suggestions_lie_inside_their_distributions(string name)
    {
        var sampler = SamplerCase.Get(name);
        var subject = sampler.Create(42);
        foreach (var trial in Enumerable.Range(0, TrialCount(sampler)))
        {
            var values = subject.Suggest(sampler.Space, trial, []);

            Assert.Equal(sampler.Space.Parameters.Count, values.Count);
            foreach (var parameter in sampler.Space.Parameters)
            {
                var value = values[parameter.Name];
                Assert.True(parameter.Distribution.Contains(value), $"trial {trial}: {parameter.Name} = {value} is outside {parameter.Distribution.Describe()}");
                AssertNativeShape(parameter.Distribution, value);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SamplerCase.Names), MemberType = typeof(SamplerCase))]
    public void Suggestions_learning_from_every_kind_of_outcome_stay_inside_their_distributions(string name)
    {
        var sampler = SamplerCase.Get(name);
        var history = ClosedLoop(sampler.Create(42), sampler.Space, Math.Min(TrialCount(sampler), 80));

        foreach (var trial in history)
        {
            Assert.Equal(sampler.Space.Parameters.Count, trial.Parameters.Count);
            foreach (var parameter in sampler.Space.Parameters)
            {
                var value = trial.Parameters[parameter.Name];
                Assert.True(parameter.Distribution.Contains(value), $"trial {trial.Number}: {parameter.Name} = {value} is outside {parameter.Distribution.Describe()}");
                AssertNativeShape(parameter.Distribution, value);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SamplerCase.Names), MemberType = typeof(SamplerCase))]
    public void Same_seed_gives_the_same_sequence(string name)
    {
        var sampler = SamplerCase.Get(name);
        var first = Sequence(sampler.Create(7), sampler.Space, TrialCount(sampler));
        var second = Sequence(sampler.Create(7), sampler.Space, TrialCount(sampler));

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(SamplerCase.Names), MemberType = typeof(SamplerCase))]
    public void Same_seed_and_outcomes_give_the_same_sweep_and_a_restarted_sampler_continues_it(string name)
    {
        var sampler = SamplerCase.Get(name);
        var count = Math.Min(TrialCount(sampler), 40);
        var first = ClosedLoop(sampler.Create(7), sampler.Space, count);
        var second = ClosedLoop(sampler.Create(7), sampler.Space, count);
        Assert.Equal(first.Select(t => Render(t.Parameters)), second.Select(t => Render(t.Parameters)));

        // A fresh sampler (as after a restart) given the persisted history, listed in any order, proposes what the
        // running one does, and asking twice gives the same answer.
        var next = Math.Min(count, TrialCount(sampler) - 1);
        var shuffled = first.OrderBy(t => StableOrder(t.Number)).ToList();
        var running = sampler.Create(7).Suggest(sampler.Space, next, first);
        var restarted = sampler.Create(7);
        Assert.Equal(Render(running), Render(restarted.Suggest(sampler.Space, next, shuffled)));
        Assert.Equal(Render(running), Render(restarted.Suggest(sampler.Space, next, first)));
    }

    [Theory]
    [MemberData(nameof(SamplerCase.Names), MemberType = typeof(SamplerCase))]
    public void Different_seeds_give_different_sequences(string name)
    {
        var sampler = SamplerCase.Get(name);
        var count = Math.Min(TrialCount(sampler), 20);
        var first = Sequence(sampler.Create(7), sampler.Space, count);
        var second = Sequence(sampler.Create(8), sampler.Space, count);

        Assert.NotEqual(first, second);
    }

    [Theory]
    [MemberData(nameof(SamplerCase.Names), MemberType = typeof(SamplerCase))]
    public void Suggestions_do_not_depend_on_history_or_call_order(string name)
    {
        var sampler = SamplerCase.Get(name);
        Assert.SkipUnless(sampler.IgnoresHistory, $"{name} learns from the history");
        var count = Math.Min(TrialCount(sampler), 50);
        var forward = Sequence(sampler.Create(3), sampler.Space, count);

        // A fresh sampler (as after a restart) asked in reverse order, with a growing history.
        var restarted = sampler.Create(3);
        var history = new List<TrialObservation>();
        var backward = new string[count];
        for (var trial = count - 1; trial >= 0; trial--)
        {
            var values = restarted.Suggest(sampler.Space, trial, history);
            backward[trial] = Render(values);
            history.Add(new TrialObservation(trial, values, TrialOutcome.Completed, trial * 0.5));
        }

        Assert.Equal(forward, backward);
        // Asking again for the same trial gives the same answer.
        Assert.Equal(forward[0], Render(restarted.Suggest(sampler.Space, 0, history)));
    }

    [Theory]
    [MemberData(nameof(SamplerCase.Names), MemberType = typeof(SamplerCase))]
    public void A_sampler_that_learnt_from_another_history_answers_a_new_one_as_a_fresh_sampler_does(string name)
    {
        // What a sampler keeps between suggestions (encodings, replayed generations) must not leak: the same trial
        // numbers with other parameters and outcomes are another history.
        var sampler = SamplerCase.Get(name);
        var count = Math.Min(TrialCount(sampler) - 1, 40);
        var before = ClosedLoop(sampler.Create(5), sampler.Space, count);
        var after = ClosedLoop(sampler.Create(6), sampler.Space, count);
        var used = sampler.Create(9);
        used.Suggest(sampler.Space, count, before);

        Assert.Equal(Render(sampler.Create(9).Suggest(sampler.Space, count, after)), Render(used.Suggest(sampler.Space, count, after)));
        Assert.Equal(Render(sampler.Create(9).Suggest(sampler.Space, count, before)), Render(used.Suggest(sampler.Space, count, before)));
    }

    [Theory]
    [MemberData(nameof(SamplerCase.Names), MemberType = typeof(SamplerCase))]
    public void Suggestions_do_not_depend_on_parameter_declaration_order(string name)
    {
        var sampler = SamplerCase.Get(name);
        var reversed = new SearchSpace(sampler.Space.Parameters.Reverse().ToList());
        var count = Math.Min(TrialCount(sampler), 30);

        Assert.Equal(
            Sequence(sampler.Create(11), sampler.Space, count),
            Sequence(sampler.Create(11), reversed, count));
        Assert.Equal(
            ClosedLoop(sampler.Create(11), sampler.Space, count).Select(t => Render(t.Parameters)),
            ClosedLoop(sampler.Create(11), reversed, count).Select(t => Render(t.Parameters)));
    }

    [Theory]
    [MemberData(nameof(SamplerCase.Names), MemberType = typeof(SamplerCase))]
    public void Negative_trial_numbers_are_rejected(string name)
    {
        var sampler = SamplerCase.Get(name);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Create(1).Suggest(sampler.Space, -1, []));
    }

    [Theory]
    [MemberData(nameof(SamplerCase.Names), MemberType = typeof(SamplerCase))]
    public void An_empty_space_gives_empty_suggestions(string name)
    {
        var sampler = SamplerCase.Get(name);
        var empty = new SearchSpace([]);

        Assert.Empty(sampler.Create(1).Suggest(empty, 0, []));
    }

    private static int TrialCount(SamplerCase sampler) =>
        sampler.Create(0).MaxTrials(sampler.Space) is { } max ? Math.Min(max, Trials) : Trials;

    private static string[] Sequence(ISampler sampler, SearchSpace space, int count) =>
        Enumerable.Range(0, count).Select(trial => Render(sampler.Suggest(space, trial, []))).ToArray();

    /// <summary>
    /// A sweep of <paramref name="count"/> trials, each suggested from the ones before: most complete with a value
    /// that depends on every parameter, and some fail, are pruned or are still running (as in a parallel sweep).
    /// </summary>
    private static List<TrialObservation> ClosedLoop(ISampler sampler, SearchSpace space, int count)
    {
        var history = new List<TrialObservation>();
        for (var trial = 0; trial < count; trial++)
        {
            var values = sampler.Suggest(space, trial, history);
            var outcome = (trial % 11) switch
            {
                3 => TrialOutcome.Failed,
                5 => TrialOutcome.Pruned,
                7 => TrialOutcome.Running,
                9 => TrialOutcome.Killed,
                _ => TrialOutcome.Completed,
            };
            history.Add(new TrialObservation(trial, values, outcome, outcome is TrialOutcome.Completed or TrialOutcome.Pruned ? Objective(values) : null));
        }

        return history;
    }

    private static double Objective(IReadOnlyDictionary<string, ParameterValue> values) => values
        .OrderBy(kv => kv.Key, StringComparer.Ordinal)
        .Sum(kv => kv.Value.Kind == ParameterKind.Text ? kv.Value.Text!.Length : Math.Log(1 + Math.Abs(kv.Value.Number)));

    private static ulong StableOrder(int number) => ((ulong)number * 0x9E3779B97F4A7C15UL) ^ 0x5bd1e995UL;

    private static string Render(IReadOnlyDictionary<string, ParameterValue> values) =>
        string.Join(";", values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value.Kind}:{kv.Value}"));

    private static void AssertNativeShape(Distribution distribution, ParameterValue value)
    {
        switch (distribution)
        {
            case IntDistribution:
                Assert.Equal(ParameterKind.Int, value.Kind);
                Assert.Equal(Math.Round(value.Number), value.Number);
                break;
            case UniformDistribution or LogUniformDistribution:
                Assert.Equal(ParameterKind.Float, value.Kind);
                Assert.True(double.IsFinite(value.Number));
                break;
            case ChoiceDistribution choice:
                Assert.Contains(value, choice.Values);
                break;
            case FixedDistribution fixedValue:
                Assert.Equal(fixedValue.Value, value);
                break;
            default:
                Assert.Fail($"untested distribution {distribution.GetType().Name}");
                break;
        }
    }
}
