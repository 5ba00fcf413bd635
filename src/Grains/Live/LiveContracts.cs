using System.Text.Json.Serialization;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Services;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Live;

/// <summary>
/// One change pushed to dashboards: the incident, its new version and summary, the server time
/// the command was received (so push lag is measured on one clock), and the unit that just lost
/// the case, if any, so its queue hears of it too.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Live.IncidentDelta")]
public sealed record IncidentDelta(
    [property: Id(0)] string IncidentId,
    [property: Id(1)] int Version,
    [property: Id(2)] IncidentSummary Summary,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] string? ReleasedUnitId = null) : LiveUpdate
{
    public override string Supersedes => Topics.Incident(IncidentId);

    public override long Order => Version;

    /// <summary>
    /// Everyone who reported the case (its first reporter and those of the reports merged into it),
    /// so each hears of it on their own topic. Read by the relay only, never sent to a dashboard.
    /// </summary>
    [Id(5), JsonIgnore]
    public IReadOnlyList<string> Reporters { get; init; } = [];
}

/// <summary>
/// Each node's entry point for live batches: a grain service, so every node hosts exactly one
/// from start to stop and a publisher addresses it by the node's silo address. Cluster membership
/// is the only directory: there is no grain to register with, and so nothing that a node's death
/// can lose or (the default grain directory being only eventually consistent) activate twice.
/// </summary>
[Alias("RuleOfLaw.Grains.Live.ILiveRelayService")]
public interface ILiveRelayService : IGrainService
{
    /// <summary>One-way: pushes are hints, a slow node must not slow the publisher.</summary>
    [OneWay, Alias("Deliver")]
    Task Deliver(IReadOnlyList<LiveUpdate> batch);
}

/// <summary>Addresses the relay service of a given node.</summary>
public interface ILiveRelayClient : IGrainServiceClient<ILiveRelayService>
{
    ILiveRelayService On(SiloAddress node);
}

/// <summary>
/// What a node does with the batches its relay service receives: push them to its own
/// connections. Implemented by the web layer (the SignalR relay); a silo without one (a test
/// cluster of grains only) drops the batches.
/// </summary>
public interface ILiveRelay
{
    /// <summary>Must not block: the relay service hands over and returns.</summary>
    void Deliver(IReadOnlyList<LiveUpdate> batch);
}
