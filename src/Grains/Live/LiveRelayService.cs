using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Services;

namespace RuleOfLaw.Grains.Live;

/// <summary>
/// This node's relay service: hands every batch to the node's <see cref="ILiveRelay"/> and returns
/// at once, so the silo's thread is never held by a SignalR send.
/// </summary>
public sealed class LiveRelayService(GrainId id, Silo silo, ILoggerFactory loggers, IServiceProvider services)
    : GrainService(id, silo, loggers), ILiveRelayService
{
    private readonly ILiveRelay? _relay = services.GetService<ILiveRelay>();

    public Task Deliver(IReadOnlyList<LiveUpdate> batch)
    {
        _relay?.Deliver(batch);
        return Task.CompletedTask;
    }
}

/// <summary>The relay service of any node, by its silo address.</summary>
public sealed class LiveRelayClient(IServiceProvider services) : GrainServiceClient<ILiveRelayService>(services), ILiveRelayClient
{
    public ILiveRelayService On(SiloAddress node) => GetGrainService(node);
}
