using System.Diagnostics;
using System.Text;

namespace Experiments.Specs.Tests;

public sealed class SpecSecurityTests
{
    [Fact]
    public void Billion_laughs_is_rejected_quickly_with_bounded_memory()
    {
        var bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            bomb.Append(level).Append(": &").Append(level).Append(" [")
                .AppendJoin(",", Enumerable.Repeat($"*{previous}", 9)).Append("]\n");
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = SpecParsing.Parse(bomb.ToString(), "bomb.yaml");
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var error = Assert.Single(result.Errors);
        Assert.Equal((1, 4), (error.Line, error.Column));
        Assert.Contains("anchors (&a) are not allowed", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.True(allocated < 20 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Aliases_are_rejected_even_without_a_visible_anchor_use()
    {
        var yaml = SpecText.With("model: vae", "model: &m vae\nalias: *m");

        var error = Assert.Single(SpecParsing.Parse(yaml, "alias.yaml").Errors);

        Assert.Equal((2, 8, "(document)"), (error.Line, error.Column, error.Field));
        Assert.Contains("write the value out in full", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_keys_with_aliases_are_rejected()
    {
        var yaml = "base: &base {max_trials: 4}\nbudget:\n  <<: *base\n";

        var error = Assert.Single(SpecParsing.Parse(yaml, "merge.yaml").Errors);

        Assert.Contains("not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Specs_over_one_mebibyte_are_rejected_without_parsing()
    {
        var huge = SpecText.Valid + "# " + new string('x', SweepSpecParser.MaxSpecBytes) + "\n";

        var error = Assert.Single(SpecParsing.Parse(huge, "huge.yaml").Errors);

        Assert.Contains("larger than 1048576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_files_over_one_mebibyte_are_rejected_before_reading()
    {
        var path = Path.Combine(Path.GetTempPath(), $"huge-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, SpecText.Valid + "# " + new string('x', SweepSpecParser.MaxSpecBytes) + "\n");

            var error = Assert.Single(SpecParsing.ParseFile(path).Errors);

            Assert.Equal((path, 0, 0), (error.Source, error.Line, error.Column));
            Assert.Contains("the limit is 1048576 bytes", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Deep_nesting_is_rejected_rather_than_recursing()
    {
        var deep = "name: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var error = Assert.Single(SpecParsing.Parse(deep, "deep.yaml").Errors);

        Assert.Equal("(document)", error.Field);
    }
}
