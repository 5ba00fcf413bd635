using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using RuleOfLaw.Grains.Assessment;

namespace RuleOfLaw.Grains.Live;

/// <summary>
/// The silo-local notifier of architecture.md: grains hand it deltas without waiting; it
/// coalesces them per incident (only the newest version survives a batch window) and sends one
/// batch per window to the relay service of every active node (cluster membership says which).
/// Pushes are hints, so when the buffer overflows the
/// oldest deltas are dropped and clients resynchronise from snapshots.
/// </summary>
public sealed partial class LiveNotifier(ILiveRelayClient relays, IClusterMembershipService membership, ILogger<LiveNotifier> logger) : BackgroundService
{
    /// <summary>Window over which changes are coalesced before a batch goes out.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(100);
    private const int BufferCapacity = 100_000;

    private readonly Channel<IncidentDelta> _pending = Channel.CreateBounded<IncidentDelta>(
        new BoundedChannelOptions(BufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Channel<AssessmentUpdate> _assessments = Channel.CreateBounded<AssessmentUpdate>(
        new BoundedChannelOptions(BufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Never blocks and never fails the command that calls it.</summary>
    public void Publish(IncidentDelta delta) => _pending.Writer.TryWrite(delta);

    /// <summary>
    /// A scope's assessment for its dashboards. The scope's grain already publishes at most once a
    /// second and only on change; here updates of one window are coalesced per topic (newest wins).
    /// </summary>
    public void Publish(AssessmentUpdate update) => _assessments.Writer.TryWrite(update);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendDeltas(stoppingToken), SendAssessments(stoppingToken));

    private async Task SendAssessments(CancellationToken stoppingToken)
    {
        var batch = new Dictionary<string, AssessmentUpdate>(StringComparer.Ordinal);
        try
        {
            while (await _assessments.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(BatchWindow, stoppingToken);
                batch.Clear();
                while (_assessments.Reader.TryRead(out var update))
                {
                    batch[update.Topic] = update;
                }

                var updates = batch.Values.ToList();
                await Task.WhenAll(EveryNode().Select(relay => Deliver(() => relay.DeliverAssessments(updates), updates.Count)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: undelivered hints are dropped by design.
        }
    }

    private async Task SendDeltas(CancellationToken stoppingToken)
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

    // Every relay on its own: a dead node's relay that fails (or answers late) must not keep
    // the batch from the survivors' dashboards.
    private Task Send(IReadOnlyList<IncidentDelta> batch) =>
        Task.WhenAll(EveryNode().Select(relay => Deliver(() => relay.Deliver(batch), batch.Count)));

    /// <summary>
    /// The relay service of every node membership holds active, this one included. A node that has
    /// just joined is in the list as soon as this node sees it active; one that died leaves it when
    /// it is declared dead (until then its one-way sends are lost, which resynchronisation covers).
    /// </summary>
    private IEnumerable<ILiveRelayService> EveryNode() =>
        membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => relays.On(member.SiloAddress));

    private async Task Deliver(Func<Task> delivery, int batchCount)
    {
        try
        {
            await delivery();
        }
        catch (Exception exception)
        {
            LogBatchNotSent(logger, exception, batchCount);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live batch of {DeltaCount} deltas was not sent; dashboards will resynchronise")]
    private static partial void LogBatchNotSent(ILogger logger, Exception exception, int deltaCount);
}
