using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using RuleOfLaw.Grains.Live;
using RuleOfLaw.MicroBench.Fixtures;

namespace RuleOfLaw.MicroBench;

/// <summary>
/// Serialising a delta batch the way SignalR's JSON hub protocol does: by runtime type into a
/// reused <see cref="Utf8JsonWriter"/>, with the web host's payload options (camelCase, enums as
/// strings, strict numbers). SignalR serialises a group message once for all its connections.
/// </summary>
[MemoryDiagnoser]
public class DeltaSerializationBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;
    private List<IncidentDelta> _batch = null!;

    public DeltaSerializationBenchmarks() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>The options the web host gives SignalR (WebExtensions.ConfigureJson over SignalR's camelCase default).</summary>
    public static JsonSerializerOptions HubOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.Strict,
    };

    [Params(1, 100)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var grids = ReferenceData.DemoDistrict.Grids();
        _batch = Enumerable.Range(0, BatchSize)
            .Select(_ => SampleIncidents.Delta(SampleIncidents.Summary(random, ReferenceData.Catalogue, grids[random.Next(grids.Count)])))
            .ToList();
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark]
    public int Serialize()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, _batch, _batch.GetType(), HubOptions);
        _writer.Flush();
        return _buffer.WrittenCount;
    }
}
