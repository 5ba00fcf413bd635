using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Live;
using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Grains.Teams;

namespace RuleOfLaw.Web.Live;

/// <summary>
/// This node's relay: receives every node's batches (through this node's relay service) and pushes
/// each update to the SignalR groups of its topics, on this node's connections only. Updates of
/// one kind in one batch are grouped per topic so each group gets one message per kind.
/// </summary>
public sealed partial class LiveRelay(
    IHubContext<LiveHub, ILiveClient> hub,
    RuleOfLawMetrics metrics,
    ILogger<LiveRelay> logger) : BackgroundService, ILiveRelay
{
    // Pushes are hints: when this node's connections cannot keep up, the oldest batches go and the
    // dashboards resynchronise from snapshots.
    private readonly Channel<IReadOnlyList<LiveUpdate>> _batches = Channel.CreateBounded<IReadOnlyList<LiveUpdate>>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>How long the relay remembers what it last pushed of a subject that has gone quiet.</summary>
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(10);

    // The newest order pushed per subject (the updates' Supersedes key). Orleans does not promise
    // that two batches reach this node in the order they were sent, and a case whose grain was
    // briefly active on two nodes may be announced by both: an update older than one already
    // pushed is dropped here, so a dashboard never sees a subject go back in time.
    private readonly Dictionary<string, (long Order, DateTimeOffset At)> _pushed = new(StringComparer.Ordinal);
    private DateTimeOffset _sweptAt = DateTimeOffset.UtcNow;

    public void Deliver(IReadOnlyList<LiveUpdate> batch) => _batches.Writer.TryWrite(batch);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(stoppingToken))
            {
                await Push(Newer(batch));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Node stopping.
        }
    }

    private async Task Push(IReadOnlyList<LiveUpdate> batch)
    {
        var deltas = batch.OfType<IncidentDelta>().ToList();
        foreach (var (topic, group) in ByTopic(deltas, Topics.For))
        {
            await Send(topic, clients => clients.Deltas(group));
        }

        foreach (var (topic, group) in ByTopic(batch.OfType<TeamUpdate>(), Topics.For))
        {
            await Send(topic, clients => clients.Teams(group));
        }

        foreach (var (topic, group) in ByTopic(batch.OfType<PositionUpdate>(), Topics.For))
        {
            await Send(topic, clients => clients.Positions(group));
        }

        foreach (var (topic, group) in ByTopic(batch.OfType<PresenceUpdate>(), Topics.For))
        {
            await Send(topic, clients => clients.Presence(group));
        }

        // An assessment is a whole scope's figures: one message each.
        foreach (var update in batch.OfType<AssessmentUpdate>())
        {
            await Send(update.Topic, clients => clients.Assessment(update));
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var delta in deltas)
        {
            metrics.DeltaPushed(now - delta.ReceivedAt, 1);
        }
    }

    /// <summary>The updates of the batch that are newer than what was pushed of their subject; remembers them.</summary>
    private List<LiveUpdate> Newer(IReadOnlyList<LiveUpdate> batch)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _sweptAt > Remembered)
        {
            foreach (var (key, pushed) in _pushed.ToList())
            {
                if (now - pushed.At > Remembered)
                {
                    _pushed.Remove(key);
                }
            }

            _sweptAt = now;
        }

        var newer = new List<LiveUpdate>(batch.Count);
        foreach (var update in batch)
        {
            if (!_pushed.TryGetValue(update.Supersedes, out var pushed) || pushed.Order < update.Order)
            {
                _pushed[update.Supersedes] = (update.Order, now);
                newer.Add(update);
            }
        }

        return newer;
    }

    private static Dictionary<string, List<T>> ByTopic<T>(IEnumerable<T> updates, Func<T, IEnumerable<string>> topics)
    {
        var byTopic = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var update in updates)
        {
            foreach (var topic in topics(update))
            {
                if (!byTopic.TryGetValue(topic, out var list))
                {
                    byTopic[topic] = list = [];
                }

                list.Add(update);
            }
        }

        return byTopic;
    }

    private async Task Send(string topic, Func<ILiveClient, Task> send)
    {
        try
        {
            await send(hub.Clients.Group(topic));
        }
        catch (Exception exception)
        {
            LogPushFailed(logger, exception, topic);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live push to {Topic} failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, string topic);
}
