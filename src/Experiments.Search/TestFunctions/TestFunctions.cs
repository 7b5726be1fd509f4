using System.Globalization;

namespace Experiments.Search;

/// <summary>The test functions by name: <c>branin</c>, <c>hartmann6</c>, <c>rosenbrock</c>N and <c>sphere</c>N (N dimensions).</summary>
public static class TestFunctions
{
    public static IReadOnlyList<string> Names { get; } = ["branin", "hartmann6", "rosenbrock<d>", "sphere<d>"];

    public static ITestFunction? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "branin" => new Branin(),
            "hartmann6" => new Hartmann6(),
            _ when Dimensions(name, "rosenbrock") is { } d and >= 2 and <= 1000 => new Rosenbrock(d),
            _ when Dimensions(name, "sphere") is { } d and >= 1 and <= 1000 => new Sphere(d),
            _ => null,
        };
    }

    private static int? Dimensions(string name, string stem) =>
        name.StartsWith(stem, StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(stem.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
}
