using RuleOfLaw.Grains.Live;

namespace RuleOfLaw.Grains.Positions;

/// <summary>One position fix (WGS84), with the time the device took it and the server received it.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Workers.PositionFix")]
public sealed record PositionFix(
    [property: Id(0)] double Longitude,
    [property: Id(1)] double Latitude,
    [property: Id(2)] double? AccuracyMetres,
    [property: Id(3)] DateTimeOffset TakenAt,
    [property: Id(4)] DateTimeOffset ReceivedAt);

/// <summary>Where a subject is now, as pushed to the maps of its area (at most once a second per subject).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Positions.PositionUpdate")]
public sealed record PositionUpdate(
    [property: Id(0)] PositionSubject Subject,
    [property: Id(1)] string HomeArea,
    [property: Id(2)] PositionFix Fix) : LiveUpdate
{
    public override string Supersedes => $"position:{Subject.Key}";

    public override long Order => Fix.TakenAt.UtcTicks;

    public override TimeSpan Window => LiveWindows.Throttled;
}

/// <summary>A grid worker or a field team in the field, keyed by <see cref="PositionSubject.Key"/>: where it is now.</summary>
[Alias("RuleOfLaw.Grains.Positions.ITrackerGrain")]
public interface ITrackerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes the fixes a device sent in one message (one, or what it gathered since its last send).
    /// Every fix joins the track; the newest becomes the current position, and fixes older than it
    /// (devices resend after a reconnect) only fill the track in.
    /// </summary>
    [Alias("UpdatePositions")]
    ValueTask UpdatePositions(IReadOnlyList<PositionFix> fixes, string homeArea);

    [Alias("LastPosition")]
    ValueTask<PositionFix?> LastPosition();
}

/// <summary>
/// Positions are a high-rate stream, not case events (domain.md §4): the current one is held in
/// memory, every fix is handed to the node's <see cref="PositionWriter"/> (durable in batches),
/// and the newest is pushed to the maps through the notifier's throttled lane. Nothing here calls
/// a case, so the stream never slows the command path.
/// </summary>
public sealed class TrackerGrain(PositionWriter writer, IPositionStore store, LiveNotifier notifier) : Grain, ITrackerGrain
{
    private PositionFix? _last;
    private bool _read;

    private string Key => this.GetPrimaryKeyString();

    public async ValueTask UpdatePositions(IReadOnlyList<PositionFix> fixes, string homeArea)
    {
        var newest = _last;
        foreach (var fix in fixes)
        {
            await writer.Write(new StoredFix(Key, homeArea, fix));
            if (newest is null || fix.TakenAt > newest.TakenAt)
            {
                newest = fix;
            }
        }

        if (newest != _last && PositionSubject.TryParse(Key, out var subject))
        {
            _last = newest;
            notifier.Publish(new PositionUpdate(subject, homeArea, newest!));
        }
    }

    /// <summary>The newest fix: held, or after a restart the newest stored one.</summary>
    public async ValueTask<PositionFix?> LastPosition()
    {
        if (_last is null && !_read)
        {
            _read = true;
            _last = (await store.Last(Key))?.Fix;
        }

        return _last;
    }
}
