using System.Reflection;
using Experiments.Training.Engine.Scalars;
using Experiments.Training.Tests.Support;
using TorchSharp;

namespace Experiments.Training.Tests;

/// <summary>
/// No temporary TorchSharp Scalar in the training code: each one can be freed by its finalizer under the native call
/// that reads it when another thread collects garbage (see <see cref="ScalarArithmetic"/>). Found from the IL: an
/// implicit number-to-Scalar conversion, a call of a TorchSharp method that makes one (directly or through its own
/// calls, such as <c>a + b</c>), or a TorchSharp module or optimiser whose forward or step makes one.
/// </summary>
public sealed class ScalarLifetimeTests
{
    private static readonly Lazy<HashSet<(Guid, int)>> MakersOfTemporaries = new(FindMakersOfTemporaries);

    [Fact]
    public void The_training_code_passes_no_temporary_scalar_to_libtorch()
    {
        var violations = Violations(typeof(ScalarArithmetic).Assembly);

        Assert.True(violations.Count == 0, "Temporary Scalars (hold them: Engine/Scalars):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_test_code_passes_none_either_but_through_its_comparisons_with_the_library()
    {
        // A freed temporary can crash the test process (libtorch reads a garbage Scalar), so the tests keep the rule too.
        var tests = typeof(ScalarLifetimeTests).Assembly;
        var comparisons = IlCallGraph.MethodsOf(tests)
            .Where(method => method.IsDefined(typeof(ComparesWithTheLibraryAttribute), inherit: false))
            .Select(method => (Outermost(method.DeclaringType!), method.Name))
            .ToHashSet();

        var violations = Violations(tests, method => comparisons.Contains((Outermost(method.DeclaringType!), OwnerName(method))));

        Assert.NotEmpty(comparisons);
        Assert.True(violations.Count == 0, "Temporary Scalars (use Engine/Scalars, or LibraryReference.Run in a [ComparesWithTheLibrary] test):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_check_finds_the_temporaries_the_library_makes()
    {
        // The library's own Adam, BatchNorm and LeakyReLU, and the operators, are what the training code replaced.
        var makers = MakersOfTemporaries.Value;
        var tensor = typeof(torch.Tensor);

        Assert.Contains(IlCallGraph.KeyOf(typeof(TorchSharp.Modules.Adam).GetMethod("step")!), makers);
        Assert.Contains(IlCallGraph.KeyOf(typeof(TorchSharp.Modules.BatchNorm2d).GetMethod("forward", [tensor])!), makers);
        Assert.Contains(IlCallGraph.KeyOf(typeof(TorchSharp.Modules.LeakyReLU).GetMethod("forward", [tensor])!), makers);
        Assert.Contains(IlCallGraph.KeyOf(tensor.GetMethod("op_Addition", [tensor, tensor])!), makers);
        Assert.Contains(IlCallGraph.KeyOf(tensor.GetMethod("op_Multiply", [typeof(double), tensor])!), makers);
        Assert.DoesNotContain(IlCallGraph.KeyOf(typeof(ScalarSafeAdam).GetMethod("step")!), makers);
        Assert.NotEmpty(Violations(typeof(TorchSharp.Modules.Adam).Assembly));
    }

    private static List<string> Violations(Assembly assembly, Func<MethodBase, bool>? trusted = null)
    {
        var makers = MakersOfTemporaries.Value;
        var violations = new List<string>();
        foreach (var method in IlCallGraph.MethodsOf(assembly).Where(method => trusted?.Invoke(method) != true))
        {
            foreach (var callee in IlCallGraph.CalleesOf(method).Distinct())
            {
                var reason = IsImplicitScalar(callee) ? "converts a number to a temporary Scalar"
                    : makers.Contains(IlCallGraph.KeyOf(callee)) ? "calls a method that makes temporary Scalars"
                    : MakesTemporariesWhenRun(ProducedType(method, callee), makers) ? $"creates a {ProducedType(method, callee)!.Name} whose forward or step makes temporary Scalars"
                    : null;
                if (reason is not null)
                {
                    violations.Add($"{method.DeclaringType?.FullName}.{method.Name} {reason}: {callee.DeclaringType?.Name}.{callee}");
                }
            }
        }

        return violations;
    }

    private static HashSet<(Guid, int)> FindMakersOfTemporaries()
    {
        var library = typeof(Scalar).Assembly;
        var callers = new Dictionary<(Guid, int), List<(Guid, int)>>();
        var makers = new HashSet<(Guid, int)>();
        var pending = new Queue<(Guid, int)>();
        foreach (var method in IlCallGraph.MethodsOf(library))
        {
            var key = IlCallGraph.KeyOf(method);
            foreach (var callee in IlCallGraph.CalleesOf(method))
            {
                if (IsImplicitScalar(callee) && makers.Add(key))
                {
                    pending.Enqueue(key);
                }

                var calleeKey = IlCallGraph.KeyOf(callee);
                if (!callers.TryGetValue(calleeKey, out var list))
                {
                    callers[calleeKey] = list = [];
                }

                list.Add(key);
            }
        }

        // Whatever calls a maker is one too.
        while (pending.TryDequeue(out var maker))
        {
            foreach (var caller in callers.GetValueOrDefault(maker, []))
            {
                if (makers.Add(caller))
                {
                    pending.Enqueue(caller);
                }
            }
        }

        return makers;
    }

    /// <summary>The method a lambda or local function was written in ("&lt;Test&gt;b__0_1" belongs to Test), else its own name.</summary>
    private static string OwnerName(MethodBase method) =>
        method.Name.StartsWith('<') && method.Name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end ? method.Name[1..end] : method.Name;

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private static bool IsImplicitScalar(MethodBase method) => method.Name == "op_Implicit" && method.DeclaringType == typeof(Scalar);

    private static Type? ProducedType(MethodBase caller, MethodBase callee) => callee switch
    {
        // A subclass's constructor calling its base's builds the subclass, which the check of its own methods covers.
        ConstructorInfo constructor when caller is ConstructorInfo && caller.DeclaringType!.IsSubclassOf(constructor.DeclaringType!) => null,
        ConstructorInfo constructor => constructor.DeclaringType,
        MethodInfo method => method.ReturnType,
        _ => null,
    };

    private static bool MakesTemporariesWhenRun(Type? type, HashSet<(Guid, int)> makers)
    {
        if (type is null || type.Assembly != typeof(Scalar).Assembly || type.IsAbstract)
        {
            return false;
        }

        var runs = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(method => method.Name is "forward" or "step");
        return runs.Any(method => makers.Contains(IlCallGraph.KeyOf(method)));
    }
}
