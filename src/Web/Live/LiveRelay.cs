using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Live;

namespace RuleOfLaw.Web.Live;

/// <summary>
/// This node's relay: receives every node's batches (as an Orleans observer registered in the
/// relay directory) and pushes each delta to the SignalR groups of its topics, on this node's
/// connections only. Deltas of one batch are grouped per topic so each group gets one message.
/// </summary>
public sealed partial class LiveRelay(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IHubContext<LiveHub, ILiveClient> hub,
    RuleOfLawMetrics metrics,
    ILogger<LiveRelay> logger) : BackgroundService, ILiveRelay
{
    /// <summary>How soon a registration that failed is tried again.</summary>
    private static readonly TimeSpan RegistrationRetryDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<IReadOnlyList<IncidentDelta>> _batches = Channel.CreateBounded<IReadOnlyList<IncidentDelta>>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public Task Deliver(IReadOnlyList<IncidentDelta> batch)
    {
        _batches.Writer.TryWrite(batch);
        return Task.CompletedTask;
    }

    /// <summary>Each update to its scope's group on this node; few and small, so sent as they come.</summary>
    public async Task DeliverAssessments(IReadOnlyList<AssessmentUpdate> batch)
    {
        foreach (var update in batch)
        {
            try
            {
                await hub.Clients.Group(update.Topic).Assessment(update);
            }
            catch (Exception exception)
            {
                LogPushFailed(logger, exception, update.Topic);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The reference must stay reachable for as long as the node runs: Orleans holds observers weakly.
        var self = grains.CreateObjectReference<ILiveRelay>(this);
        var renewal = Renew(self, stoppingToken);
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(stoppingToken))
            {
                await Push(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Node stopping.
        }
        finally
        {
            await renewal;
            grains.DeleteObjectReference<ILiveRelay>(self);
        }
    }

    private async Task Push(IReadOnlyList<IncidentDelta> batch)
    {
        var byTopic = new Dictionary<string, List<IncidentDelta>>();
        foreach (var delta in batch)
        {
            foreach (var topic in Topics.For(delta))
            {
                if (!byTopic.TryGetValue(topic, out var list))
                {
                    byTopic[topic] = list = [];
                }

                list.Add(delta);
            }
        }

        foreach (var (topic, deltas) in byTopic)
        {
            try
            {
                await hub.Clients.Group(topic).Deltas(deltas);
            }
            catch (Exception exception)
            {
                LogPushFailed(logger, exception, topic);
            }
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var delta in batch)
        {
            metrics.DeltaPushed(now - delta.ReceivedAt, 1);
        }
    }

    /// <summary>
    /// Registers in the relay directory, then again every renewal period and at every change of
    /// cluster membership. The directory holds registrations in memory only: when the node that held
    /// it dies or leaves, its next activation (on a survivor) starts empty and every node's notifier
    /// reads that empty list, so nothing reaches this node's dashboards until it registers again.
    /// Waiting for the renewal period made that up to 10 s of silence after every failover;
    /// registering as soon as membership says a node is gone makes it about as long as the
    /// failover itself. Registration is idempotent, so a change that did not move the directory
    /// (a node joining) costs one grain call.
    /// </summary>
    private async Task Renew(ILiveRelay self, CancellationToken stoppingToken)
    {
        var directory = grains.GetGrain<IRelayDirectoryGrain>(0);
        var membershipChanged = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var watch = WatchMembership(membershipChanged.Writer, stoppingToken);
        TimeSpan next;
        do
        {
            try
            {
                await directory.Register(silo.SiloAddress, self);
                next = RelayDirectoryGrain.RenewalPeriod;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Typically the directory's old host was just declared dead and its grain is moving: try again soon.
                LogRegistrationFailed(logger, exception);
                next = RegistrationRetryDelay;
            }
        }
        while (await NextRenewal(membershipChanged.Reader, next, stoppingToken));

        await watch;
        try
        {
            await directory.Unregister(silo.SiloAddress);
        }
        catch (Exception exception)
        {
            LogRegistrationFailed(logger, exception);
        }
    }

    private async Task WatchMembership(ChannelWriter<bool> membershipChanged, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                membershipChanged.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Node stopping.
        }
    }

    /// <summary>Waits for <paramref name="delay"/> or a membership change, whichever comes first; false once the node stops.</summary>
    private static async Task<bool> NextRenewal(ChannelReader<bool> membershipChanged, TimeSpan delay, CancellationToken stoppingToken)
    {
        using var period = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        period.CancelAfter(delay);
        try
        {
            await membershipChanged.ReadAsync(period.Token);
        }
        catch (OperationCanceledException)
        {
            // The period is over (or the node is stopping).
        }

        return !stoppingToken.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live push to {Topic} failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live relay could not register in the relay directory; retrying")]
    private static partial void LogRegistrationFailed(ILogger logger, Exception exception);
}
