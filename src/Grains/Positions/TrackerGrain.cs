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

    /// <summary>A live connection of the subject's device opened (on any node).</summary>
    [Alias("Connected")]
    ValueTask Connected(string connectionId, string homeArea);

    [Alias("Disconnected")]
    ValueTask Disconnected(string connectionId);

    /// <summary>The device says it is there, with or without a fix to send.</summary>
    [Alias("Heartbeat")]
    ValueTask Heartbeat(string homeArea);

    [Alias("Presence")]
    ValueTask<PresenceUpdate?> Presence();
}

/// <summary>
/// Positions are a high-rate stream, not case events (domain.md §4): the current one is held in
/// memory, every fix is handed to the node's <see cref="PositionWriter"/> (durable in batches),
/// and the newest is pushed to the maps through the notifier's throttled lane. Nothing here calls
/// a case, so the stream never slows the command path.
/// </summary>
public sealed class TrackerGrain(PositionWriter writer, IPositionStore store, LiveNotifier notifier, TimeProvider time) : Grain, ITrackerGrain
{
    private readonly HashSet<string> _connections = new(StringComparer.Ordinal);
    private PositionFix? _last;
    private bool _read;
    private string? _homeArea;
    private DateTimeOffset? _heardAt;
    private (bool Online, DateTimeOffset Since, long Version)? _presence;
    private IGrainTimer? _silenceWatch;

    private string Key => this.GetPrimaryKeyString();

    public async ValueTask UpdatePositions(IReadOnlyList<PositionFix> fixes, string homeArea)
    {
        _homeArea = homeArea;
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

        Heard();
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

    public ValueTask Connected(string connectionId, string homeArea)
    {
        _homeArea = homeArea;
        _connections.Add(connectionId);

        // Connecting is being heard from: the app's first heartbeat may come a period later.
        Heard();
        _silenceWatch ??= this.RegisterGrainTimer(
            static grain => grain.Watch(), this, new GrainTimerCreationOptions(PresenceRules.HeartbeatPeriod, PresenceRules.HeartbeatPeriod) { KeepAlive = true });
        return ValueTask.CompletedTask;
    }

    public ValueTask Disconnected(string connectionId)
    {
        _connections.Remove(connectionId);
        Evaluate();
        return ValueTask.CompletedTask;
    }

    public ValueTask Heartbeat(string homeArea)
    {
        _homeArea = homeArea;
        Heard();
        return ValueTask.CompletedTask;
    }

    public ValueTask<PresenceUpdate?> Presence() => ValueTask.FromResult(Current());

    private void Heard()
    {
        _heardAt = time.GetUtcNow();
        Evaluate();
    }

    /// <summary>Re-derives presence; pushes it when it changed. Also run by the timer, so silence turns a subject offline.</summary>
    private Task Evaluate()
    {
        var now = time.GetUtcNow();
        var online = PresenceRules.IsOnline(_connections.Count, _heardAt, now);
        if (_presence is not { } held || held.Online != online)
        {
            // Ordered by the clock, not by a count: a new activation must not restart at 1 below
            // what the relays already pushed.
            _presence = (online, now, Math.Max((_presence?.Version ?? 0) + 1, now.UtcTicks));
            if (Current() is { } update)
            {
                notifier.Publish(update);
                Enrol(update);
            }
        }

        // Nothing left to watch: let the grain go idle like any other.
        if (_connections.Count == 0 && _silenceWatch is not null)
        {
            _silenceWatch.Dispose();
            _silenceWatch = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>The timer: silence turns the subject offline, and a reachable subject renews its roster entry.</summary>
    private Task Watch()
    {
        Evaluate();
        if (_presence is { Online: true } && Current() is { } update)
        {
            Enrol(update);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Tells the district's roster (what area snapshots read for subjects without a stored fix).
    /// Not awaited: the roster is a convenience for maps, renewed every period, and must never
    /// hold up or fail a position.
    /// </summary>
    private void Enrol(PresenceUpdate update) =>
        GrainFactory.GetGrain<IPresenceRosterGrain>(IPresenceRosterGrain.Key).Report(update).AsTask().Ignore();

    private PresenceUpdate? Current() =>
        _presence is { } presence && _homeArea is { } area && PositionSubject.TryParse(Key, out var subject)
            ? new PresenceUpdate(subject, area, presence.Online, presence.Since, _heardAt, presence.Version)
            : null;
}
