using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Positions;

/// <summary>The district's roster of who is reachable now (one activation, key <see cref="Key"/>): see <see cref="PresenceRoster"/>.</summary>
[Alias("RuleOfLaw.Grains.Positions.IPresenceRosterGrain")]
public interface IPresenceRosterGrain : IGrainWithStringKey
{
    public const string Key = "district";

    [Alias("Report")]
    ValueTask Report(PresenceUpdate presence);

    [Alias("OnlineUnder")]
    ValueTask<IReadOnlyList<PresenceUpdate>> OnlineUnder(AreaCode area);
}

/// <summary>
/// Held in memory only: trackers renew their entries every heartbeat period, so a roster lost with
/// its node is whole again within one period. Calls come at the rate presence changes and
/// heartbeats of the district's devices arrive, a few a second.
/// </summary>
public sealed class PresenceRosterGrain(TimeProvider time) : Grain, IPresenceRosterGrain
{
    private readonly PresenceRoster _roster = new();

    public ValueTask Report(PresenceUpdate presence)
    {
        _roster.Report(presence, time.GetUtcNow());
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<PresenceUpdate>> OnlineUnder(AreaCode area) =>
        ValueTask.FromResult(_roster.OnlineUnder(area, time.GetUtcNow()));
}
