using Orleans.Runtime;

namespace RuleOfLaw.Grains.Live;

/// <summary>
/// In-memory directory of relays. It holds nothing durable: if its activation is lost, nodes
/// re-register within one renewal period. Entries are pruned when membership declares their
/// node dead or when they stop renewing.
/// </summary>
public sealed class RelayDirectoryGrain(IClusterMembershipService membership, TimeProvider time) : Grain, IRelayDirectoryGrain
{
    /// <summary>Three missed renewals (nodes renew every 10 s) and an entry is dropped.</summary>
    public static readonly TimeSpan RenewalPeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Expiry = RenewalPeriod * 3;

    private readonly Dictionary<SiloAddress, (ILiveRelay Relay, DateTimeOffset RenewedAt)> _relays = [];

    public Task Register(SiloAddress node, ILiveRelay relay)
    {
        _relays[node] = (relay, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task Unregister(SiloAddress node)
    {
        _relays.Remove(node);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ILiveRelay>> Relays()
    {
        var now = time.GetUtcNow();
        var members = membership.CurrentSnapshot;
        foreach (var (node, entry) in _relays.ToList())
        {
            var status = members.GetSiloStatus(node);
            if (status is SiloStatus.Dead or SiloStatus.ShuttingDown or SiloStatus.Stopping || now - entry.RenewedAt > Expiry)
            {
                _relays.Remove(node);
            }
        }

        return Task.FromResult<IReadOnlyList<ILiveRelay>>(_relays.Values.Select(entry => entry.Relay).ToList());
    }
}
