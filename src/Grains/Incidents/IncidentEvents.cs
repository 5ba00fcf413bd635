using System.Text.Json.Serialization;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Grains.Supervision;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// One accepted transition: who (user, role, unit), when (server time), from → to, why and with
/// which attachments, under which law (the legal basis of the case's power-list row as it stood
/// when the step was decided), plus the facts the step established and, when the step started,
/// stopped or moved a clock, every clock of the case after it. An incident is the fold of these.
/// </summary>
/// <remarks>
/// Persisted as JSON: never reorder or rename members, only add optional ones, and give each new
/// member its place in <see cref="AuditChain"/>'s encoding (a new encoding version), or it is not audited.
/// </remarks>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.IncidentEvent")]
public sealed record IncidentEvent(
    [property: Id(0)] int Version,
    [property: Id(1)] CommandKind Command,
    [property: Id(2)] IncidentState? From,
    [property: Id(3)] IncidentState To,
    [property: Id(4)] string ActorUserId,
    [property: Id(5)] Role ActorRole,
    [property: Id(6)] string? ActorUnitId,
    [property: Id(7)] DateTimeOffset At,
    [property: Id(8)] string? Reason,
    [property: Id(9)] IReadOnlyList<string> Attachments,
    [property: Id(10)] EventFacts? Facts,
    [property: Id(11)] LegalBasis? LegalBasis = null,
    [property: Id(12)] IReadOnlyList<CaseClock>? Clocks = null);

/// <summary>What a step established beyond the state change.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ReportedFacts), "reported")]
[JsonDerivedType(typeof(DispatchedFacts), "dispatched")]
[JsonDerivedType(typeof(VerdictFacts), "verdict")]
[JsonDerivedType(typeof(ExtensionRequestedFacts), "extensionRequested")]
[JsonDerivedType(typeof(ClosedFacts), "closed")]
[JsonDerivedType(typeof(ClockTurnedFacts), "clockTurned")]
[JsonDerivedType(typeof(EscalatedFacts), "escalated")]
[JsonDerivedType(typeof(SupervisionIssuedFacts), "supervisionIssued")]
[JsonDerivedType(typeof(SupervisionRepliedFacts), "supervisionReplied")]
[JsonDerivedType(typeof(SummonedFacts), "summoned")]
[JsonDerivedType(typeof(SummonsAcknowledgedFacts), "summonsAcknowledged")]
[JsonDerivedType(typeof(DuplicateFlaggedFacts), "duplicateFlagged")]
[JsonDerivedType(typeof(MergeFacts), "merge")]
[JsonDerivedType(typeof(MergedReportFacts), "mergedReport")]
[JsonDerivedType(typeof(RevisitedFacts), "revisited")]
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.EventFacts")]
public abstract record EventFacts;

/// <summary>Where a point landed and why (domain.md §1: the boundary rule is recorded).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.GridPlacement")]
public sealed record GridPlacement(
    [property: Id(0)] string GridCode,
    [property: Id(1)] string Rule,
    [property: Id(2)] IReadOnlyList<string> NearbyGridCodes);

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.ReportedFacts")]
public sealed record ReportedFacts(
    [property: Id(0)] string CategoryCode,
    [property: Id(1)] string SubcategoryCode,
    [property: Id(2)] string Description,
    [property: Id(3)] double Longitude,
    [property: Id(4)] double Latitude,
    [property: Id(5)] string? Address,
    [property: Id(6)] IncidentSource Source,
    [property: Id(7)] bool Urgent,
    [property: Id(8)] GridPlacement Placement,
    [property: Id(9)] TimeLimit HandlingLimit,
    [property: Id(10)] PersonalInformation? Personal = null,
    [property: Id(11)] bool Sensitive = false) : EventFacts;

/// <summary>
/// The unit a case went to, the power list's default, and whether it was overridden; and when the
/// dispatcher chose one of the unit's field teams, that team and the rank the recommendation gave
/// it at that moment (1 = recommended first).
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.DispatchedFacts")]
public sealed record DispatchedFacts(
    [property: Id(0)] string UnitId,
    [property: Id(1)] string DefaultUnitId,
    [property: Id(2)] string? TeamId = null,
    [property: Id(3)] int? TeamRank = null) : EventFacts
{
    public bool Overridden => UnitId != DefaultUnitId;
}

/// <summary>The yes/no of a verification, check or decision.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.VerdictFacts")]
public sealed record VerdictFacts([property: Id(0)] bool Affirmed) : EventFacts;

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.ExtensionRequestedFacts")]
public sealed record ExtensionRequestedFacts([property: Id(0)] TimeLimit Extension) : EventFacts;

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.ClosedFacts")]
public sealed record ClosedFacts([property: Id(0)] ClosureKind Closure) : EventFacts;

/// <summary>A clock of the case changed colour by itself (the platform noticed it at the due instant).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.ClockTurnedFacts")]
public sealed record ClockTurnedFacts(
    [property: Id(0)] ClockKind Clock,
    [property: Id(1)] string? Key,
    [property: Id(2)] ClockColour Colour) : EventFacts;

/// <summary>
/// A red clock climbed one rung of the ladder (grid → community → street → district department):
/// the case now sits in the queue of <paramref name="AreaCode"/>, and at the top also of the unit that owes the step.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.EscalatedFacts")]
public sealed record EscalatedFacts(
    [property: Id(0)] ClockKind Clock,
    [property: Id(1)] string? Key,
    [property: Id(2)] int Level,
    [property: Id(3)] string AreaCode,
    [property: Id(4)] string? UnitId) : EventFacts;
/// <summary>The open cases nearby that a new report likely duplicates, nearest first.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.DuplicateFlaggedFacts")]
public sealed record DuplicateFlaggedFacts([property: Id(0)] IReadOnlyList<string> CandidateIds) : EventFacts;

/// <summary>On the duplicate: the original it was merged into (<see cref="CommandKind.Merge"/>) or taken out of (<see cref="CommandKind.Unmerge"/>).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.MergeFacts")]
public sealed record MergeFacts([property: Id(0)] string OriginalIncidentId) : EventFacts;

/// <summary>
/// On the original: the duplicate whose reporter is attached to it (<see cref="CommandKind.Merge"/>)
/// or detached again (<see cref="CommandKind.Unmerge"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.MergedReportFacts")]
public sealed record MergedReportFacts(
    [property: Id(0)] string DuplicateIncidentId,
    [property: Id(1)] string ReporterUserId) : EventFacts;

/// <summary>The reporter's answer at the revisit (回访), and whether they disputed the closure.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.RevisitedFacts")]
public sealed record RevisitedFacts(
    [property: Id(0)] Satisfaction Satisfaction,
    [property: Id(1)] bool Disputed) : EventFacts;
