using System.Text.Json.Serialization;
using Orleans.Concurrency;
using RuleOfLaw.Grains.Assessment;
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
    [property: Id(4)] string? ReleasedUnitId = null)
{
    /// <summary>
    /// Everyone who reported the case (its first reporter and those of the reports merged into it),
    /// so each hears of it on their own topic. Read by the relay only, never sent to a dashboard.
    /// </summary>
    [Id(5), JsonIgnore]
    public IReadOnlyList<string> Reporters { get; init; } = [];
}

/// <summary>A node's receiver of live batches; it pushes only to that node's own connections.</summary>
[Alias("RuleOfLaw.Grains.Live.ILiveRelay")]
public interface ILiveRelay : IGrainObserver
{
    /// <summary>One-way: pushes are hints, a slow node must not slow the publisher.</summary>
    [OneWay, Alias("Deliver")]
    Task Deliver(IReadOnlyList<IncidentDelta> batch);

    /// <summary>One-way, like <see cref="Deliver"/>: the latest assessment of each scope that changed.</summary>
    [OneWay, Alias("DeliverAssessments")]
    Task DeliverAssessments(IReadOnlyList<AssessmentUpdate> batch);
}

/// <summary>The well-known registry of every node's relay (architecture.md: relay directory).</summary>
[Alias("RuleOfLaw.Grains.Live.IRelayDirectoryGrain")]
public interface IRelayDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers or renews a node's relay; nodes renew periodically, stale entries expire.</summary>
    [Alias("Register")]
    Task Register(SiloAddress node, ILiveRelay relay);

    [Alias("Unregister")]
    Task Unregister(SiloAddress node);

    [Alias("Relays")]
    Task<IReadOnlyList<ILiveRelay>> Relays();
}
