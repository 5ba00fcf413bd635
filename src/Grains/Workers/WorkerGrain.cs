namespace RuleOfLaw.Grains.Workers;

/// <summary>One position fix of a person in the field (WGS84), with the time the device took it and the server received it.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Workers.PositionFix")]
public sealed record PositionFix(
    [property: Id(0)] double Longitude,
    [property: Id(1)] double Latitude,
    [property: Id(2)] double? AccuracyMetres,
    [property: Id(3)] DateTimeOffset TakenAt,
    [property: Id(4)] DateTimeOffset ReceivedAt);

/// <summary>A grid worker (网格员) in the field, keyed by user id: where they are now.</summary>
[Alias("RuleOfLaw.Grains.Workers.IWorkerGrain")]
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes the fixes a device sent in one message (one, or what it gathered since its last send);
    /// the newest is kept, and fixes older than the one held (devices resend after a reconnect) are ignored.
    /// </summary>
    [Alias("UpdatePositions")]
    ValueTask UpdatePositions(IReadOnlyList<PositionFix> fixes);

    [Alias("LastPosition")]
    ValueTask<PositionFix?> LastPosition();
}

/// <summary>
/// Positions are a high-rate stream, not case events (domain.md §4): kept in memory only, so a
/// message from a device costs one in-process grain call, however many fixes it carries. Tracks,
/// presence and the live map come with the issue that puts people on the map.
/// </summary>
public sealed class WorkerGrain : Grain, IWorkerGrain
{
    private PositionFix? _last;

    public ValueTask UpdatePositions(IReadOnlyList<PositionFix> fixes)
    {
        foreach (var fix in fixes)
        {
            if (_last is null || fix.TakenAt >= _last.TakenAt)
            {
                _last = fix;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<PositionFix?> LastPosition() => ValueTask.FromResult(_last);
}
