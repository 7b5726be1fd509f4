using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Safetensors;

/// <summary>
/// Modules' state (parameters and buffers, named as <c>state_dict()</c> names them, e.g. <c>conv1.weight</c>,
/// <c>bn1.running_mean</c>; with several named modules, prefixed: <c>generator.conv1.weight</c>) saved as safetensors
/// and loaded back strictly: every tensor of the modules must be in the file with the same shape, and the file may
/// hold no others. PyTorch users load the same file with <c>safetensors.torch.load_file</c> and <c>load_state_dict</c>.
/// </summary>
internal static class ModuleWeights
{
    /// <summary>The file's bytes, with <c>format: pt</c> in its metadata (what PyTorch tooling expects) unless given otherwise.</summary>
    public static byte[] Serialize(nn.Module module, IReadOnlyDictionary<string, string>? metadata = null) =>
        Serialize([new(string.Empty, module)], metadata);

    /// <summary>Several modules in one file, each tensor named "module name.tensor name".</summary>
    public static byte[] Serialize(IEnumerable<KeyValuePair<string, nn.Module>> modules, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Serialize(StateOf(modules), WithFormat(metadata));

    public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Write(path, StateOf([new(string.Empty, module)]), WithFormat(metadata));

    /// <summary>Loads <paramref name="path"/> into <paramref name="module"/>; returns the file's metadata.</summary>
    public static IReadOnlyDictionary<string, string> Load(nn.Module module, string path) => Load([new(string.Empty, module)], path);

    /// <summary>Loads <paramref name="path"/> into several named modules (as <see cref="Serialize(IEnumerable{KeyValuePair{string, nn.Module}}, IReadOnlyDictionary{string, string}?)"/> wrote them); returns the metadata.</summary>
    public static IReadOnlyDictionary<string, string> Load(IEnumerable<KeyValuePair<string, nn.Module>> modules, string path)
    {
        var file = SafetensorsFile.Read(path);
        Load(modules, file, path);
        return file.Metadata;
    }

    /// <summary>Copies <paramref name="file"/>'s tensors into the modules, checking names, shapes and dtypes first so a mismatch changes nothing.</summary>
    public static void Load(IEnumerable<KeyValuePair<string, nn.Module>> modules, SafetensorsFile file, string source)
    {
        ArgumentNullException.ThrowIfNull(file);
        var state = StateOf(modules).ToDictionary(StringComparer.Ordinal);
        var missing = state.Keys.Where(name => !file.Tensors.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new SafetensorsException(source, $"it lacks {Count(missing.Count)} the model has ({List(missing)}), so it was written for another model");
        }

        var unexpected = file.Tensors.Keys.Where(name => !state.ContainsKey(name)).ToList();
        if (unexpected.Count > 0)
        {
            throw new SafetensorsException(source, $"it holds {Count(unexpected.Count)} the model does not have ({List(unexpected)}), so it was written for another model");
        }

        foreach (var (name, target) in state)
        {
            var stored = file.Tensors[name];
            if (!stored.Shape.SequenceEqual(target.shape))
            {
                throw new SafetensorsException(source, $"tensor '{name}' has shape [{string.Join(", ", stored.Shape)}] in the file but [{string.Join(", ", target.shape)}] in the model");
            }

            if (!SafetensorsDtype.TryGetScalarType(stored.Dtype, out _))
            {
                throw new SafetensorsException(source, $"tensor '{name}' has dtype {stored.Dtype}, which cannot be loaded here (supported: {SafetensorsDtype.Loadable})");
            }
        }

        using var noGrad = torch.no_grad();
        foreach (var (name, target) in state)
        {
            using var loaded = file.Tensors[name].ToTensor(source);
            target.copy_(loaded); // converts dtype and device, as load_state_dict does
        }
    }

    private static IEnumerable<KeyValuePair<string, Tensor>> StateOf(IEnumerable<KeyValuePair<string, nn.Module>> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var (prefix, module) in modules)
        {
            ArgumentNullException.ThrowIfNull(module);
            foreach (var (name, tensor) in module.state_dict())
            {
                yield return new(prefix.Length == 0 ? name : $"{prefix}.{name}", tensor);
            }
        }
    }

    private static Dictionary<string, string> WithFormat(IReadOnlyDictionary<string, string>? metadata)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pt" };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        return merged;
    }

    private static string Count(int count) => count == 1 ? "1 tensor" : $"{count} tensors";

    private static string List(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : string.Empty);
}
