using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
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
    IHubContext<LiveHub, ILiveClient> hub,
    RuleOfLawMetrics metrics,
    ILogger<LiveRelay> logger) : BackgroundService, ILiveRelay
{
    private readonly Channel<IReadOnlyList<IncidentDelta>> _batches = Channel.CreateBounded<IReadOnlyList<IncidentDelta>>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public Task Deliver(IReadOnlyList<IncidentDelta> batch)
    {
        _batches.Writer.TryWrite(batch);
        return Task.CompletedTask;
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

    private async Task Renew(ILiveRelay self, CancellationToken stoppingToken)
    {
        var directory = grains.GetGrain<IRelayDirectoryGrain>(0);
        using var timer = new PeriodicTimer(RelayDirectoryGrain.RenewalPeriod);
        do
        {
            try
            {
                await directory.Register(silo.SiloAddress, self);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogRegistrationFailed(logger, exception);
            }
        }
        while (await Tick(timer, stoppingToken));

        try
        {
            await directory.Unregister(silo.SiloAddress);
        }
        catch (Exception exception)
        {
            LogRegistrationFailed(logger, exception);
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live push to {Topic} failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live relay could not register in the relay directory; retrying")]
    private static partial void LogRegistrationFailed(ILogger logger, Exception exception);
}
