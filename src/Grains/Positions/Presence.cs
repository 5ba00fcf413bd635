namespace RuleOfLaw.Grains.Positions;

/// <summary>
/// Whether a grid worker or field team is reachable now (domain: who is out there to handle a
/// case). Derived from three signals, since each alone misleads: a connection whose node died is
/// never closed, a phone without signal keeps no connection but may still send a batch later,
/// and a phone in a pocket keeps its connection but says nothing.
/// </summary>
public static class PresenceRules
{
    /// <summary>Silence after which a connected device no longer counts as reachable: three missed heartbeats.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>How often devices are asked to say they are there (the app's heartbeat).</summary>
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(30);

    /// <summary>Reachable: at least one live connection, and a heartbeat or a fix heard within <see cref="Timeout"/>.</summary>
    public static bool IsOnline(int connections, DateTimeOffset? lastHeardAt, DateTimeOffset now) =>
        connections > 0 && lastHeardAt is { } heard && now - heard <= Timeout;
}

/// <summary>A subject's presence as the maps show it: reachable or not, since when, and when it was last heard from.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Positions.PresenceUpdate")]
public sealed record PresenceUpdate(
    [property: Id(0)] PositionSubject Subject,
    [property: Id(1)] string HomeArea,
    [property: Id(2)] bool Online,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] DateTimeOffset? LastHeardAt,
    [property: Id(5)] long Version) : Live.LiveUpdate
{
    public override string Supersedes => $"presence:{Subject.Key}";

    public override long Order => Version;
}
