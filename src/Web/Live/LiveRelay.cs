using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Live;

namespace RuleOfLaw.Web.Live;

/// <summary>
/// This node's relay: receives every node's batches (through this node's relay service) and pushes
/// each delta to the SignalR groups of its topics, on this node's connections only. Deltas of one
/// batch are grouped per topic so each group gets one message.
/// </summary>
public sealed partial class LiveRelay(
    IHubContext<LiveHub, ILiveClient> hub,
    RuleOfLawMetrics metrics,
    ILogger<LiveRelay> logger) : BackgroundService, ILiveRelay
{
    /// <summary>A batch of either kind, in arrival order.</summary>
    private sealed record Batch(IReadOnlyList<IncidentDelta>? Deltas, IReadOnlyList<AssessmentUpdate>? Assessments);

    // Pushes are hints: when this node's connections cannot keep up, the oldest batches go and the
    // dashboards resynchronise from snapshots.
    private readonly Channel<Batch> _batches = Channel.CreateBounded<Batch>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Deliver(IReadOnlyList<IncidentDelta> batch) => _batches.Writer.TryWrite(new Batch(batch, null));

    public void DeliverAssessments(IReadOnlyList<AssessmentUpdate> batch) => _batches.Writer.TryWrite(new Batch(null, batch));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(stoppingToken))
            {
                if (batch.Deltas is { } deltas)
                {
                    await Push(deltas);
                }

                if (batch.Assessments is { } assessments)
                {
                    await Push(assessments);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Node stopping.
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

    /// <summary>Each update to its scope's group on this node; few and small, so sent one by one.</summary>
    private async Task Push(IReadOnlyList<AssessmentUpdate> batch)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live push to {Topic} failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, string topic);
}
