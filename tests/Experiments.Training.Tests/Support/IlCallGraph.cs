using System.Reflection;
using System.Reflection.Emit;

namespace Experiments.Training.Tests.Support;

/// <summary>
/// The methods each method calls, read from its IL (call, callvirt, newobj, ldftn: lambdas count as calls of their
/// own bodies through ldftn). Enough to follow calls through an assembly, not a general disassembler.
/// </summary>
internal static class IlCallGraph
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    /// <summary>Every method and constructor an assembly declares, nested and compiler-generated types included.</summary>
    public static IEnumerable<MethodBase> MethodsOf(Assembly assembly)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            types = partial.Types;
        }

        foreach (var type in types.OfType<Type>())
        {
            foreach (var method in type.GetMethods(Declared))
            {
                yield return method;
            }

            foreach (var constructor in type.GetConstructors(Declared))
            {
                yield return constructor;
            }
        }
    }

    /// <summary>The methods the body of <paramref name="method"/> calls, constructs or takes the address of.</summary>
    public static IReadOnlyList<MethodBase> CalleesOf(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return [];
        }

        var callees = new List<MethodBase>();
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var offset = 0;
        while (offset < il.Length)
        {
            OpCode code;
            if (il[offset] == 0xFE)
            {
                code = OpCodesByValue[unchecked((short)(0xFE00 | il[offset + 1]))];
                offset += 2;
            }
            else
            {
                code = OpCodesByValue[il[offset]];
                offset += 1;
            }

            if (code == OpCodes.Call || code == OpCodes.Callvirt || code == OpCodes.Newobj || code == OpCodes.Ldftn || code == OpCodes.Ldvirtftn)
            {
                var callee = TryResolve(method.Module, BitConverter.ToInt32(il, offset), typeArguments, methodArguments);
                if (callee is not null)
                {
                    callees.Add(callee);
                }
            }

            offset += OperandSize(code, il, offset);
        }

        return callees;
    }

    /// <summary>A key that is the same for a method however it was reached (definition or generic instance).</summary>
    public static (Guid Module, int Token) KeyOf(MethodBase method) => (method.Module.ModuleVersionId, method.MetadataToken);

    private static MethodBase? TryResolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMethod(token, typeArguments, methodArguments);
        }
        catch (Exception exception) when (exception is ArgumentException or BadImageFormatException or FileNotFoundException or TypeLoadException)
        {
            // A member of an assembly this process cannot load (an optional dependency): not part of any call chain here.
            return null;
        }
    }

    private static int OperandSize(OpCode code, byte[] il, int operandOffset) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, operandOffset)),
        _ => 4,
    };
}
