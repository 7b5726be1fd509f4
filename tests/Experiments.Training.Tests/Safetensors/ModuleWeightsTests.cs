using Experiments.Training.Engine.Scalars;
using System.Buffers.Binary;
using System.Text;
using Experiments.Testing;
using Experiments.Training.Safetensors;
using Experiments.Training.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Tests.Safetensors;

/// <summary>A module's state saved to a real file and loaded back, and every way a file can fail to load, each naming the file.</summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class ModuleWeightsTests
{
    [Fact]
    public void A_module_saved_and_loaded_into_a_fresh_one_computes_the_same()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.safetensors");
        torch.manual_seed(1);
        using var trained = Network(hidden: 6);
        using var input = torch.randn(4, 1, 6, 6);
        trained.train();
        using (trained.call(input)) // moves the batch norm statistics away from their initial values
        {
        }

        trained.eval();
        ModuleWeights.Save(trained, path, new Dictionary<string, string> { ["seed"] = "1" });
        torch.manual_seed(2);
        using var fresh = Network(hidden: 6);
        fresh.eval();
        using var before = fresh.call(input);
        using var expected = trained.call(input);
        Assert.False(before.allclose(expected));

        var metadata = ModuleWeights.Load(fresh, path);

        using var after = fresh.call(input);
        Assert.True(after.Equals(expected));
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal("1", metadata["seed"]);
        var names = SafetensorsFile.Read(path).Tensors.Keys.Order(StringComparer.Ordinal);
        Assert.Equal(trained.state_dict().Keys.Order(StringComparer.Ordinal), names);
        Assert.Contains("bn.num_batches_tracked", names);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Several_named_modules_share_one_file_with_prefixed_names()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.safetensors");
        using var generator = Network(hidden: 6);
        using var discriminator = Sequential(("conv", Conv2d(1, 2, 3)));
        File.WriteAllBytes(path, ModuleWeights.Serialize([new("generator", generator), new("discriminator", discriminator)]));
        using var otherGenerator = Network(hidden: 6);
        using var otherDiscriminator = Sequential(("conv", Conv2d(1, 2, 3)));

        ModuleWeights.Load([new("generator", otherGenerator), new("discriminator", otherDiscriminator)], path);

        Assert.Contains("generator.head.weight", SafetensorsFile.Read(path).Tensors.Keys);
        Assert.True(otherDiscriminator.state_dict()["conv.weight"].Equals(discriminator.state_dict()["conv.weight"]));
        Assert.True(otherGenerator.state_dict()["bn.num_batches_tracked"].Equals(generator.state_dict()["bn.num_batches_tracked"]));
        Assert.Throws<SafetensorsException>(() => ModuleWeights.Load(Network(hidden: 6), path));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(60)]
    [InlineData(-7)]
    public void A_truncated_file_is_refused_naming_the_file(int keptBytes)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.safetensors");
        using var network = Network(hidden: 6);
        ModuleWeights.Save(network, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keptBytes >= 0 ? keptBytes : bytes.Length + keptBytes)]);

        var error = Assert.Throws<SafetensorsException>(() => ModuleWeights.Load(Network(hidden: 6), path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_garbled_header_is_refused_as_invalid_json()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.safetensors");
        using var network = Network(hidden: 6);
        ModuleWeights.Save(network, path);
        var bytes = File.ReadAllBytes(path);
        bytes[20] = (byte)'"'; // ends the first tensor's name early: the JSON no longer parses
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<SafetensorsException>(() => ModuleWeights.Load(network, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_safetensors_at_all_is_refused()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.safetensors");
        File.WriteAllText(path, "PK\u0003\u0004 this is a zip archive, as torch.save writes, not safetensors");

        var error = Assert.Throws<SafetensorsException>(() => ModuleWeights.Load(Network(hidden: 6), path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("header length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_naming_it()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("absent.safetensors");

        var error = Assert.Throws<SafetensorsException>(() => ModuleWeights.Load(Network(hidden: 6), path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_the_model_has_but_the_file_lacks_are_named()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.safetensors");
        using var smaller = Sequential(("conv", Conv2d(1, 2, 3)));
        ModuleWeights.Save(smaller, path);

        var error = Assert.Throws<SafetensorsException>(() => ModuleWeights.Load(Network(hidden: 6), path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("lacks", error.Message, StringComparison.Ordinal);
        Assert.Contains("bn.running_mean", error.Message, StringComparison.Ordinal);
        Assert.Contains("head.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_the_file_has_but_the_model_lacks_are_named_and_nothing_is_changed()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.safetensors");
        using var network = Network(hidden: 6);
        ModuleWeights.Save(network, path);
        using var smaller = Sequential(("conv", Conv2d(1, 2, 3)));
        using var weightBefore = smaller.state_dict()["conv.weight"].clone();

        var error = Assert.Throws<SafetensorsException>(() => ModuleWeights.Load(smaller, path));

        Assert.Contains("does not have", error.Message, StringComparison.Ordinal);
        Assert.Contains("7 tensors", error.Message, StringComparison.Ordinal);
        Assert.Contains("bn.running_mean", error.Message, StringComparison.Ordinal);
        Assert.Contains("and 2 more", error.Message, StringComparison.Ordinal);
        Assert.True(smaller.state_dict()["conv.weight"].Equals(weightBefore));
    }

    [Fact]
    public void A_shape_mismatch_names_the_tensor_and_both_shapes()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.safetensors");
        ModuleWeights.Save(Network(hidden: 6), path);

        var error = Assert.Throws<SafetensorsException>(() => ModuleWeights.Load(Network(hidden: 5), path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'head.weight' has shape [6, 32] in the file but [5, 32] in the model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dtype_torch_cannot_hold_is_refused_naming_it()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.safetensors");
        File.WriteAllBytes(path, HandMade("{\"conv.weight\":{\"dtype\":\"U16\",\"shape\":[2,1],\"data_offsets\":[0,4]}}", 4));
        using var network = Sequential(("conv", Linear(1, 2, hasBias: false))); // conv.weight [2, 1]

        var error = Assert.Throws<SafetensorsException>(() => ModuleWeights.Load(network, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("U16", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string> InvalidHeaders() => new()
    {
        { "{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "'Q7'" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "not valid JSON" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "needs 8" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", 6, "overlaps" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "hole" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12, "8 bytes follow the last tensor" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "non-negative integer" },
        { "{\"__metadata__\":{\"epoch\":3}}", 0, "not a string" },
        { "[1, 2]", 0, "does not start with '{'" },
        { " {}", 0, "does not start with '{'" },
    };

    [Theory]
    [MemberData(nameof(InvalidHeaders))]
    public void Invalid_headers_and_layouts_are_refused_with_the_reason(string header, int dataBytes, string reason)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("hand-made.safetensors");
        File.WriteAllBytes(path, HandMade(header, dataBytes));

        var error = Assert.Throws<SafetensorsException>(() => SafetensorsFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_length_above_the_limit_is_refused_before_reading_it()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 200_000_000);

        var error = Assert.Throws<SafetensorsException>(() => SafetensorsFile.Parse(bytes, "big.safetensors"));

        Assert.Contains("above the format's limit", error.Message, StringComparison.Ordinal);
    }

    /// <summary>conv (1→2, 3x3) → batch norm → flatten → linear to <paramref name="hidden"/>: parameters and buffers of two dtypes.</summary>
    private static Sequential Network(int hidden) => Sequential(
        ("conv", Conv2d(1, 2, 3)),
        ("bn", ScalarSafeBatchNorm.Over2d(2)),
        ("flatten", Flatten()),
        ("head", Linear(2 * 4 * 4, hidden)));

    private static byte[] HandMade(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
