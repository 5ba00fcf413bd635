using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace RuleOfLaw.Grains.Live;

/// <summary>
/// The silo-local notifier of architecture.md: grains hand it updates without waiting; it gathers
/// them over each kind's window, keeps only the newest of those that supersede each other, and
/// sends one batch per window to the relay service of every active node (cluster membership says
/// which). Pushes are hints, so when a buffer overflows the oldest updates are dropped and
/// clients resynchronise from snapshots.
/// </summary>
public sealed partial class LiveNotifier(ILiveRelayClient relays, IClusterMembershipService membership, ILogger<LiveNotifier> logger) : BackgroundService
{
    private const int BufferCapacity = 100_000;

    // One lane per window length, so a throttled stream never delays the prompt ones.
    private readonly Lane _prompt = new(LiveWindows.Prompt);
    private readonly Lane _throttled = new(LiveWindows.Throttled);

    /// <summary>Never blocks and never fails the command that calls it.</summary>
    public void Publish(LiveUpdate update) =>
        (update.Window >= LiveWindows.Throttled ? _throttled : _prompt).Pending.Writer.TryWrite(update);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Run(_prompt, stoppingToken), Run(_throttled, stoppingToken));

    private async Task Run(Lane lane, CancellationToken stoppingToken)
    {
        var batch = new Dictionary<string, LiveUpdate>(StringComparer.Ordinal);
        try
        {
            while (await lane.Pending.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(lane.Window, stoppingToken);
                batch.Clear();
                while (lane.Pending.Reader.TryRead(out var update))
                {
                    if (!batch.TryGetValue(update.Supersedes, out var held) || held.Order < update.Order)
                    {
                        batch[update.Supersedes] = update;
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

    // Every relay on its own: a dead node's relay that fails (or answers late) must not keep
    // the batch from the survivors' dashboards.
    private Task Send(IReadOnlyList<LiveUpdate> batch) =>
        Task.WhenAll(EveryNode().Select(relay => Deliver(relay, batch)));

    /// <summary>
    /// The relay service of every node membership holds active, this one included. A node that has
    /// just joined is in the list as soon as this node sees it active; one that died leaves it when
    /// it is declared dead (until then its one-way sends are lost, which resynchronisation covers).
    /// </summary>
    private IEnumerable<ILiveRelayService> EveryNode() =>
        membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => relays.On(member.SiloAddress));

    private async Task Deliver(ILiveRelayService relay, IReadOnlyList<LiveUpdate> batch)
    {
        try
        {
            await relay.Deliver(batch);
        }
        catch (Exception exception)
        {
            LogBatchNotSent(logger, exception, batch.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live batch of {UpdateCount} updates was not sent; dashboards will resynchronise")]
    private static partial void LogBatchNotSent(ILogger logger, Exception exception, int updateCount);

    private sealed class Lane(TimeSpan window)
    {
        public TimeSpan Window { get; } = window;

        public Channel<LiveUpdate> Pending { get; } = Channel.CreateBounded<LiveUpdate>(
            new BoundedChannelOptions(BufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    }
}
