using Orleans.Concurrency;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Duplicates;
using RuleOfLaw.Grains.Privacy;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>How a command ended; the edge maps each to one HTTP status.</summary>
public enum CommandStatus
{
    /// <summary>Appended durably: a new version exists.</summary>
    Accepted,

    /// <summary>A retried report with the same content: nothing new was appended.</summary>
    Replayed,
    Invalid,
    NotFound,
    NotAllowed,
    ConflictingRetry,
    Unprocessable,

    /// <summary>The actor's role, area or unit does not reach this step (403).</summary>
    Forbidden,
}

/// <summary>The answer to a command: the incident as it now stands, or why nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.CommandResult")]
public sealed record CommandResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] IncidentRecord? Incident,
    [property: Id(2)] LocalizedText? Message,
    [property: Id(3)] IReadOnlyDictionary<string, LocalizedText[]> Errors,
    [property: Id(4)] IReadOnlyList<CommandKind> Allowed);

/// <summary>A case with its full history, for the detail view and for supervision.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.IncidentDetails")]
public sealed record IncidentDetails(
    [property: Id(0)] IncidentRecord Incident,
    [property: Id(1)] IReadOnlyList<IncidentEvent> History);

/// <summary>
/// A case's history as the store holds it right now, each event with its seal, and whether the
/// audit chain holds (domain.md §7: the accountability packet of 督查问责).
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.IncidentAudit")]
public sealed record IncidentAudit(
    [property: Id(0)] IncidentRecord Incident,
    [property: Id(1)] IReadOnlyList<AuditedEvent> Events,
    [property: Id(2)] AuditVerification Verification);

/// <summary>
/// One case (事件), keyed by the client-generated id of its first report so that a retried
/// report reaches the same grain and is answered from what was stored.
/// </summary>
[Alias("RuleOfLaw.Grains.Incidents.IIncidentGrain")]
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>Reports the case; idempotent by the grain's key.</summary>
    [Alias("Report")]
    Task<CommandResult> Report(ReportIncident command, DateTimeOffset receivedAt);

    /// <summary>Any later step of the closed loop (register, dispatch, sign, handle, check, close …).</summary>
    [Alias("Execute")]
    Task<CommandResult> Execute(IncidentCommand command, DateTimeOffset receivedAt);

    /// <summary>The case and its history, or null when it was never reported.</summary>
    [Alias("Details")]
    Task<IncidentDetails?> Details();

    /// <summary>
    /// The case's events read afresh from the store (not from memory, so an edit made in the
    /// database is seen) and their audit chain verified; null when the case was never reported.
    /// </summary>
    [Alias("Audit")]
    Task<IncidentAudit?> Audit();

    /// <summary>
    /// The case's restricted fields for a reader the policy table lets through, after the read is
    /// recorded durably; the grain checks the reader itself rather than trust the edge.
    /// </summary>
    [Alias("RevealRestricted")]
    Task<RestrictedReveal> RevealRestricted(Actor reader);

    /// <summary>
    /// What a merge into this case needs to know of it; null when it was never reported.
    /// Interleaves: it only reads, and two operators merging two cases into each other at once
    /// must not wait on each other's grain.
    /// </summary>
    [AlwaysInterleave, Alias("AsMergeTarget")]
    Task<MergeTarget?> AsMergeTarget();

    /// <summary>
    /// The duplicate's grain tells this case (the original) to attach or detach the duplicate's
    /// reporter, after it committed its own merge or undo; idempotent by the duplicate's id.
    /// </summary>
    [Alias("NoteMergedReport")]
    Task<CommandResult> NoteMergedReport(MergedReportNotice notice);

    /// <summary>
    /// The original this report is merged into was rejected or voided: the report leaves it and
    /// returns to intake (an unmerge by the system, with <paramref name="reason"/>). Idempotent: a
    /// report no longer merged into <paramref name="originalId"/> answers Replayed, which tells the
    /// original it may detach the report.
    /// </summary>
    [Alias("ReleaseFromOriginal")]
    Task<CommandResult> ReleaseFromOriginal(string originalId, string reason);

    /// <summary>
    /// The open cases nearby this one likely duplicates, nearest first, searched now (they change
    /// as cases open, close and merge); null when the case was never reported.
    /// </summary>
    [Alias("Duplicates")]
    Task<DuplicateSearch?> Duplicates();
}

/// <summary>A case and the open cases nearby it likely duplicates, nearest first.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.DuplicateSearch")]
public sealed record DuplicateSearch(
    [property: Id(0)] IncidentRecord Incident,
    [property: Id(1)] IReadOnlyList<DuplicateCandidate> Candidates);

public enum RevealStatus
{
    Revealed,
    NotFound,
    Forbidden,
}

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.RestrictedReveal")]
public sealed record RestrictedReveal(
    [property: Id(0)] RevealStatus Status,
    [property: Id(1)] RestrictedDetails? Details,
    [property: Id(2)] LocalizedText? Message,
    [property: Id(3)] DateTimeOffset? ReadAt);
