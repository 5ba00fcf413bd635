using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Supervision;

/// <summary>A leader's supervision order (督办) on a case: an instruction that needs the responsible unit's reply by a date.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.SupervisionOrder")]
public sealed record SupervisionOrder(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string IssuedBy,
    [property: Id(2)] string Instruction,
    [property: Id(3)] DateTimeOffset IssuedAt,
    [property: Id(4)] DateTimeOffset ReplyBy,
    [property: Id(5)] DateTimeOffset? RepliedAt = null,
    [property: Id(6)] string? RepliedBy = null,
    [property: Id(7)] string? Reply = null,
    [property: Id(8)] bool Overdue = false,
    [property: Id(9)] DateTimeOffset? EndedAt = null)
{
    /// <summary>Still owed: not replied, and its case has not finished (an order ends with its case, <see cref="EndedAt"/>).</summary>
    public bool AwaitsReply => RepliedAt is null && EndedAt is null;
}

/// <summary>A summons (吹哨): a street or grid calls departments to a case; each owes an acknowledgement by a time.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.Summons")]
public sealed record Summons(
    [property: Id(0)] string SummonsId,
    [property: Id(1)] string SummonedBy,
    [property: Id(2)] DateTimeOffset SummonedAt,
    [property: Id(3)] DateTimeOffset AcknowledgeBy,
    [property: Id(4)] string Reason,
    [property: Id(5)] IReadOnlyList<SummonedUnit> Units);

/// <summary>
/// One summoned department (报到): what it committed and when; <paramref name="Overdue"/> once its
/// time ran out unacknowledged (it stays so, and counts against it, even if it acknowledges later);
/// <paramref name="EndedAt"/> when its case finished while it was still owed (it is owed no more).
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.SummonedUnit")]
public sealed record SummonedUnit(
    [property: Id(0)] string UnitId,
    [property: Id(1)] DateTimeOffset? AcknowledgedAt = null,
    [property: Id(2)] string? AcknowledgedBy = null,
    [property: Id(3)] string? Commitment = null,
    [property: Id(4)] bool Overdue = false,
    [property: Id(5)] DateTimeOffset? EndedAt = null)
{
    public bool AwaitsAcknowledgement => AcknowledgedAt is null && EndedAt is null;
}

/// <summary>A leader orders the responsible unit to reply to an instruction by <see cref="ReplyBy"/>.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.IssueSupervision")]
public sealed record IssueSupervision(
    Actor Actor,
    [property: Id(0)] string Instruction,
    [property: Id(1)] DateTimeOffset ReplyBy,
    IReadOnlyList<string> Attachments) : IncidentCommand(Actor, null, Attachments)
{
    public override CommandKind Kind => CommandKind.IssueSupervision;
}

/// <summary>The responsible unit (or the command centre, before the case has one) replies to an order.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.ReplySupervision")]
public sealed record ReplySupervision(
    Actor Actor,
    [property: Id(0)] string OrderId,
    [property: Id(1)] string Reply,
    IReadOnlyList<string> Attachments) : IncidentCommand(Actor, null, Attachments)
{
    public override CommandKind Kind => CommandKind.ReplySupervision;
}

/// <summary>Summons departments to the case, each to acknowledge by <see cref="AcknowledgeBy"/>; the reason says what for.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.SummonUnits")]
public sealed record SummonUnits(
    Actor Actor,
    [property: Id(0)] IReadOnlyList<string> UnitIds,
    [property: Id(1)] DateTimeOffset AcknowledgeBy,
    string? Reason,
    IReadOnlyList<string> Attachments) : IncidentCommand(Actor, Reason, Attachments)
{
    public override CommandKind Kind => CommandKind.Summon;
}

/// <summary>A summoned department reports in (报到) and states what it commits.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.AcknowledgeSummons")]
public sealed record AcknowledgeSummons(
    Actor Actor,
    [property: Id(0)] string SummonsId,
    [property: Id(1)] string Commitment,
    IReadOnlyList<string> Attachments) : IncidentCommand(Actor, null, Attachments)
{
    public override CommandKind Kind => CommandKind.AcknowledgeSummons;
}

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.SupervisionIssuedFacts")]
public sealed record SupervisionIssuedFacts(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string Instruction,
    [property: Id(2)] DateTimeOffset ReplyBy) : EventFacts;

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.SupervisionRepliedFacts")]
public sealed record SupervisionRepliedFacts(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string Reply) : EventFacts;

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.SummonedFacts")]
public sealed record SummonedFacts(
    [property: Id(0)] string SummonsId,
    [property: Id(1)] IReadOnlyList<string> UnitIds,
    [property: Id(2)] DateTimeOffset AcknowledgeBy) : EventFacts;

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.SummonsAcknowledgedFacts")]
public sealed record SummonsAcknowledgedFacts(
    [property: Id(0)] string SummonsId,
    [property: Id(1)] string UnitId,
    [property: Id(2)] string Commitment) : EventFacts;
