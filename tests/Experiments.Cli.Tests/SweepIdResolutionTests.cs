using Experiments.Cli.Remote;
using Experiments.Contracts.Api;

namespace Experiments.Cli.Tests;

/// <summary>A sweep named as git names commits: its full id, with or without dashes, or a prefix only it has.</summary>
public sealed class SweepIdResolutionTests(ClusterHost host)
{
    [Fact]
    public async Task A_full_id_with_or_without_dashes_and_an_unambiguous_prefix_name_the_sweep()
    {
        var sweepId = await RemoteSweeps.SubmitAsync(host, FunctionSpecs.Branin(FunctionSpecs.UniqueName("prefix"), maxTrials: 1, parallel: 1, epochs: 1));

        foreach (var form in new[] { sweepId.ToString("N"), sweepId.ToString("D").ToUpperInvariant(), sweepId.ToString("N")[..10] })
        {
            var result = await Cli.RunAsync(Cli.Environment(host), "status", form);

            Assert.True(result.ExitCode == 0, $"{form}: {result.Transcript}");
            Assert.StartsWith($"Sweep {sweepId:N} ", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_id_or_prefix_exits_2_naming_the_server()
    {
        var unknown = Guid.NewGuid();

        var full = await Cli.RunAsync(Cli.Environment(host), "status", unknown.ToString("N"));
        var prefix = await Cli.RunAsync(Cli.Environment(host), "stop", await UnusedPrefixAsync());

        Assert.True(full.ExitCode == 2, full.Transcript);
        Assert.StartsWith($"no sweep {unknown:N} on {host.Server}", Assert.Single(full.ErrorLines), StringComparison.Ordinal);
        Assert.True(prefix.ExitCode == 2, prefix.Transcript);
        Assert.StartsWith("no sweep ", Assert.Single(prefix.ErrorLines), StringComparison.Ordinal);
        Assert.Contains($" on {host.Server}", prefix.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefix_several_sweeps_share_is_refused_with_the_candidates()
    {
        // Sixteen first digits: among seventeen sweeps two share one.
        var shared = await ShareAFirstDigitAsync();

        var result = await Cli.RunAsync(Cli.Environment(host), "stop", shared);

        Assert.True(result.ExitCode == 2, result.Transcript);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"{shared} is ambiguous on {host.Server}: ", line, StringComparison.Ordinal);
        Assert.EndsWith("give more of the id", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_is_not_an_id_is_a_usage_mistake()
    {
        var result = await Cli.RunAsync(Cli.Environment(host), "status", "not-hex");

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.Equal(
            ["sweep: 'not-hex' is not a sweep id; allowed: the sweep's 32-hex id or a prefix of it (experiments status lists them)", "Run 'experiments status --help' for usage."],
            result.ErrorLines);
    }

    [Fact]
    public void Matching_picks_the_one_sweep_with_the_prefix_and_names_every_candidate_of_an_ambiguous_one()
    {
        var sweeps = new[] { "ab12", "ab34", "cd56" }.Select(start => Summary(Guid.ParseExact(start + new string('0', 28), "N"))).ToList();

        Assert.Equal(sweeps[2].SweepId, SweepIdPrefix.Match("c", sweeps, "http://silo/"));
        Assert.Equal(sweeps[1].SweepId, SweepIdPrefix.Match("ab3", sweeps, "http://silo/"));
        var ambiguous = Assert.Throws<RemoteCommandFailure>(() => SweepIdPrefix.Match("ab", sweeps, "http://silo/"));
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains($"{sweeps[0].SweepId:N} of 'e'", ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains($"{sweeps[1].SweepId:N} of 'e'", ambiguous.Message, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Throws<RemoteCommandFailure>(() => SweepIdPrefix.Match("ef", sweeps, "http://silo/")).ExitCode);
    }

    [Theory]
    [InlineData("AB-12", "ab12")]
    [InlineData(" 3f2504e0-4f89-11d3-9a0c-0305e82c3301 ", "3f2504e04f8911d39a0c0305e82c3301")]
    [InlineData("xyz", null)]
    [InlineData("-", null)]
    [InlineData("3f2504e04f8911d39a0c0305e82c3301a", null)]
    public void Ids_are_read_without_dashes_in_lower_case(string text, string? expected) =>
        Assert.Equal(expected, SweepIdPrefix.Normalize(text));

    private static SweepSummary Summary(Guid id) => new() { SweepId = id, Experiment = "e", Status = "COMPLETED" };

    private async Task<string> UnusedPrefixAsync()
    {
        using var client = RemoteSweeps.Client(host);
        var ids = (await client.ListSweepsAsync(TestContext.Current.CancellationToken)).Select(s => s.SweepId.ToString("N")).ToList();
        while (true)
        {
            var candidate = Guid.NewGuid().ToString("N")[..8];
            if (!ids.Any(id => id.StartsWith(candidate, StringComparison.Ordinal)))
            {
                return candidate;
            }
        }
    }

    private async Task<string> ShareAFirstDigitAsync()
    {
        using var client = RemoteSweeps.Client(host);
        while (true)
        {
            var shared = (await client.ListSweepsAsync(TestContext.Current.CancellationToken))
                .GroupBy(s => s.SweepId.ToString("N")[..1])
                .FirstOrDefault(g => g.Count() > 1);
            if (shared is not null)
            {
                return shared.Key;
            }

            await RemoteSweeps.SubmitAsync(host, FunctionSpecs.Branin(FunctionSpecs.UniqueName("ambiguous"), maxTrials: 1, parallel: 1, epochs: 1));
        }
    }
}
