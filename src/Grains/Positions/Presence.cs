using RuleOfLaw.Grains.Areas;

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

/// <summary>
/// Who is reachable now across the district, as the trackers last said: what an area's positions
/// snapshot adds for subjects that have no stored fix yet (a phone connected a moment ago is
/// reachable before its first fix is written). Trackers report every change and, while reachable,
/// again at every heartbeat period; an entry not renewed for <see cref="Lifetime"/> is dropped, so
/// a tracker lost with its node does not stay reachable here.
/// </summary>
public sealed class PresenceRoster
{
    /// <summary>Two missed renewals and some slack for a busy node.</summary>
    public static readonly TimeSpan Lifetime = PresenceRules.HeartbeatPeriod * 2.5;

    private readonly Dictionary<string, (PresenceUpdate Presence, DateTimeOffset RenewedAt)> _online = new(StringComparer.Ordinal);

    public int Count => _online.Count;

    /// <summary>Takes a tracker's report; an older version than the one held changes nothing.</summary>
    public void Report(PresenceUpdate presence, DateTimeOffset now)
    {
        var key = presence.Subject.Key;
        if (_online.TryGetValue(key, out var held) && held.Presence.Version > presence.Version)
        {
            return;
        }

        if (presence.Online)
        {
            _online[key] = (presence, now);
        }
        else
        {
            _online.Remove(key);
        }
    }

    /// <summary>The reachable subjects whose home area is <paramref name="area"/> or lies under it; drops the expired.</summary>
    public IReadOnlyList<PresenceUpdate> OnlineUnder(AreaCode area, DateTimeOffset now)
    {
        var found = new List<PresenceUpdate>();
        foreach (var (key, entry) in _online)
        {
            if (now - entry.RenewedAt > Lifetime)
            {
                _online.Remove(key);
            }
            else if (AreaCode.TryParse(entry.Presence.HomeArea, out var home) && area.Contains(home))
            {
                found.Add(entry.Presence);
            }
        }

        return found;
    }
}
