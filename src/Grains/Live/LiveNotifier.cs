using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace RuleOfLaw.Grains.Live;

/// <summary>
/// The silo-local notifier of architecture.md: grains hand it deltas without waiting; it
/// coalesces them per incident (only the newest version survives a batch window) and sends one
/// batch per window to every node's relay. Pushes are hints, so when the buffer overflows the
/// oldest deltas are dropped and clients resynchronise from snapshots.
/// </summary>
public sealed partial class LiveNotifier(IGrainFactory grains, IClusterMembershipService membership, ILogger<LiveNotifier> logger) : BackgroundService
{
    /// <summary>Window over which changes are coalesced before a batch goes out.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RelayRefreshPeriod = TimeSpan.FromSeconds(2);
    private const int BufferCapacity = 100_000;

    private readonly Channel<IncidentDelta> _pending = Channel.CreateBounded<IncidentDelta>(
        new BoundedChannelOptions(BufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private IReadOnlyList<ILiveRelay> _relays = [];
    private DateTimeOffset _relaysRefreshedAt = DateTimeOffset.MinValue;

    /// <summary>Never blocks and never fails the command that calls it.</summary>
    public void Publish(IncidentDelta delta) => _pending.Writer.TryWrite(delta);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new Dictionary<string, IncidentDelta>();
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(BatchWindow, stoppingToken);
                batch.Clear();
                while (_pending.Reader.TryRead(out var delta))
                {
                    if (!batch.TryGetValue(delta.IncidentId, out var held) || held.Version < delta.Version)
                    {
                        batch[delta.IncidentId] = delta;
                    }
                }

                await Send(batch.Values.ToList());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: undelivered hints are dropped by design.
        }
    }

    private async Task Send(IReadOnlyList<IncidentDelta> batch)
    {
        try
        {
            // A list with fewer relays than active nodes is not kept for the refresh period: the
            // directory is then freshly activated after a failover (nodes are registering again)
            // or a node has just joined, and caching it would keep those nodes' dashboards blind.
            var now = DateTimeOffset.UtcNow;
            if (now - _relaysRefreshedAt > RelayRefreshPeriod || _relays.Count < ActiveNodes())
            {
                _relays = await grains.GetGrain<IRelayDirectoryGrain>(0).Relays();
                _relaysRefreshedAt = now;
            }
        }
        catch (Exception exception)
        {
            _relaysRefreshedAt = DateTimeOffset.MinValue;
            LogBatchNotSent(logger, exception, batch.Count);
            return;
        }

        // Every relay on its own: a dead node's relay that fails (or answers late) must not keep
        // the batch from the survivors' dashboards.
        await Task.WhenAll(_relays.Select(relay => Deliver(relay, batch)));
    }

    private async Task Deliver(ILiveRelay relay, IReadOnlyList<IncidentDelta> batch)
    {
        try
        {
            await relay.Deliver(batch);
        }
        catch (Exception exception)
        {
            _relaysRefreshedAt = DateTimeOffset.MinValue;
            LogBatchNotSent(logger, exception, batch.Count);
        }
    }

    private int ActiveNodes() => membership.CurrentSnapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live batch of {DeltaCount} deltas was not sent; dashboards will resynchronise")]
    private static partial void LogBatchNotSent(ILogger logger, Exception exception, int deltaCount);
}
