using Experiments.Training.Engine.Scalars;
using System.Buffers.Binary;
using System.Text;
using Experiments.Training.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Tests.Safetensors;

/// <summary>The byte layout against known answers (the reference implementation's own test vectors) and round trips of every dtype.</summary>
public sealed class SafetensorsLayoutTests
{
    [Fact]
    public void A_single_float_tensor_has_the_reference_bytes()
    {
        using var tensor = ScalarArithmetic.Range(6).to(ScalarType.Float32).reshape(1, 2, 3);

        var bytes = SafetensorsWriter.Serialize([new("attn.0", tensor)]);

        // huggingface/safetensors, tensor.rs test_serialization: a 64-byte header (no padding needed), then 0..5 as f32.
        byte[] expected =
        [
            64, 0, 0, 0, 0, 0, 0, 0, .. "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}"u8,
            0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void The_header_is_padded_with_spaces_so_data_starts_aligned()
    {
        using var tensor = ScalarArithmetic.Range(6).to(ScalarType.Float32).reshape(1, 1, 2, 3);

        var bytes = SafetensorsWriter.Serialize([new("attn0", tensor)]);

        // test_serialization_forced_alignement: 65 bytes of JSON padded to 72.
        var json = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
        Assert.Equal(65, json.Length);
        Assert.Equal(72UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(json + new string(' ', 7), Encoding.UTF8.GetString(bytes, 8, 72));
        Assert.Equal(8 + 72 + 24, bytes.Length);
        Assert.Equal([0, 0, 128, 63], bytes[84..88]);
    }

    [Fact]
    public void No_tensors_and_metadata_only_match_the_reference()
    {
        // test_empty: "{}" padded to 8; then with {"framework": "pt"} padded to 40.
        Assert.Equal([8, 0, 0, 0, 0, 0, 0, 0, .. "{}      "u8], SafetensorsWriter.Serialize([]));
        Assert.Equal(
            [40, 0, 0, 0, 0, 0, 0, 0, .. "{\"__metadata__\":{\"framework\":\"pt\"}}     "u8],
            SafetensorsWriter.Serialize([], new Dictionary<string, string> { ["framework"] = "pt" }));
    }

    [Fact]
    public void Tensors_are_ordered_by_dtype_then_name_and_tile_the_buffer()
    {
        using var scope = torch.NewDisposeScope();
        var bytes = SafetensorsWriter.Serialize(
        [
            new("b.weight", torch.ones(2, 2)),
            new("a.weight", torch.ones(3)),
            new("bn.num_batches_tracked", torch.tensor(5L)),
        ]);

        var header = Encoding.UTF8.GetString(bytes, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes)).TrimEnd(' ');

        Assert.Equal(
            "{\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
            + "\"a.weight\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[8,20]},"
            + "\"b.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[20,36]}}",
            header);
    }

    public static TheoryData<ScalarType, string> Dtypes() => new()
    {
        { ScalarType.Float32, "F32" },
        { ScalarType.Float64, "F64" },
        { ScalarType.Float16, "F16" },
        { ScalarType.BFloat16, "BF16" },
        { ScalarType.Int64, "I64" },
        { ScalarType.Int32, "I32" },
        { ScalarType.Int16, "I16" },
        { ScalarType.Int8, "I8" },
        { ScalarType.Byte, "U8" },
        { ScalarType.Bool, "BOOL" },
    };

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Every_torch_dtype_round_trips_with_its_name_shape_and_values(ScalarType scalarType, string dtype)
    {
        using var scope = torch.NewDisposeScope();
        var values = ScalarArithmetic.Range(24).reshape(2, 3, 4).Modulo(7).to(scalarType);
        var scalar = torch.tensor(3).to(scalarType);
        var empty = torch.zeros(0, 5).to(scalarType);

        var file = SafetensorsFile.Parse(SafetensorsWriter.Serialize([new("values", values), new("scalar", scalar), new("empty", empty)]), "memory");

        Assert.Equal(dtype, file.Tensors["values"].Dtype);
        Assert.Equal([2L, 3, 4], file.Tensors["values"].Shape);
        Assert.Empty(file.Tensors["scalar"].Shape);
        Assert.Equal([0L, 5], file.Tensors["empty"].Shape);
        Assert.True(values.Equals(file.Tensors["values"].ToTensor("memory")));
        Assert.True(scalar.Equals(file.Tensors["scalar"].ToTensor("memory")));
        Assert.Equal([0L, 5], file.Tensors["empty"].ToTensor("memory").shape);
    }

    [Fact]
    public void Metadata_strings_round_trip_and_names_need_no_escaping()
    {
        using var tensor = torch.ones(1);
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "trained on 9,000 digits + \"quotes\" é" };

        var file = SafetensorsFile.Parse(SafetensorsWriter.Serialize([new("generator.net.0.weight", tensor)], metadata), "memory");

        Assert.Equal(metadata, file.Metadata);
        Assert.Equal(["generator.net.0.weight"], file.Tensors.Keys);
    }
}
