using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Grains.Supervision;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>A request from the unit that waits for the dispatcher's decision.</summary>
public enum PendingRequestKind
{
    Return,
    Extension,
    Hang,
}

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.PendingRequest")]
public sealed record PendingRequest(
    [property: Id(0)] PendingRequestKind Kind,
    [property: Id(1)] string RequestedBy,
    [property: Id(2)] DateTimeOffset RequestedAt,
    [property: Id(3)] TimeLimit? Extension);

/// <summary>The latest revisit (回访) of a case: what the reporter said and when.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.RevisitOutcome")]
public sealed record RevisitOutcome(
    [property: Id(0)] Satisfaction Satisfaction,
    [property: Id(1)] bool Disputed,
    [property: Id(2)] DateTimeOffset At);

/// <summary>
/// The current position of one case in the closed loop: the fold of its events
/// (<see cref="IncidentLifecycle.Apply"/>). Never edited other than by applying an event.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.IncidentRecord")]
public sealed record IncidentRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] int Version,
    [property: Id(2)] IncidentState State,
    [property: Id(3)] ReportedFacts Report,
    [property: Id(4)] string ReportedBy,
    [property: Id(5)] IReadOnlyList<string> ReportAttachments,
    [property: Id(6)] DateTimeOffset ReportedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] string? AssignedUnitId,
    [property: Id(9)] string? DefaultUnitId,
    [property: Id(10)] DateTimeOffset? DispatchedAt,
    [property: Id(11)] int ReworkCount,
    [property: Id(12)] IReadOnlyList<TimeLimit> Extensions,
    [property: Id(13)] PendingRequest? Pending,
    [property: Id(14)] ClosureKind? Closure,
    [property: Id(30)] DateTimeOffset? RegisteredAt = null,
    [property: Id(31)] int DispatchCount = 0,
    [property: Id(32)] RevisitOutcome? Revisit = null,
    [property: Id(33)] string? AssignedTeamId = null)
{
    /// <summary>The clocks running or paused now, with the deadlines their steps set.</summary>
    [Id(15)]
    public IReadOnlyList<CaseClock> Clocks { get; init; } = [];

    /// <summary>Each kind of clock that ever went past its due time: stopped late, or turned red while running.</summary>
    [Id(16)]
    public IReadOnlyList<ClockKind> Late { get; init; } = [];

    /// <summary>
    /// The units whose own handling clock went past its due time while the case was with them
    /// (stopped late, or turned red while running). A case returned and sent to another unit does
    /// not carry the first unit's lateness to the next: the assessment charges each unit only for its own clock.
    /// </summary>
    [Id(34)]
    public IReadOnlyList<string> HandlingLateUnits { get; init; } = [];

    /// <summary>The highest rung of the escalation ladder any clock of the case has reached.</summary>
    [Id(17)]
    public int EscalationLevel { get; init; }

    /// <summary>Leaders' supervision orders (督办), in the order issued.</summary>
    [Id(25)]
    public IReadOnlyList<SupervisionOrder> Supervisions { get; init; } = [];

    /// <summary>Summonses of departments (吹哨报到), in the order made.</summary>
    [Id(26)]
    public IReadOnlyList<Summons> Summonses { get; init; } = [];

    public string GridCode => Report.Placement.GridCode;

    /// <summary>
    /// Whether the case is on the open lists and counters: not finished, and not merged into
    /// another case (a merged report is handled, and counted, as its original).
    /// </summary>
    public bool IsOpen => State.IsOpen() && !IsMerged;

    /// <summary>The open cases nearby this report likely duplicates, nearest first, as flagged at intake; empty when none.</summary>
    [Id(20)]
    public IReadOnlyList<string> LikelyDuplicateOf { get; init; } = [];

    /// <summary>The original this report was merged into; null when it stands on its own.</summary>
    [Id(21)]
    public string? MergedInto { get; init; }

    /// <summary>
    /// The reports merged into this case, each with its reporter, who stays attached and is told of
    /// every change of this case; in merge order.
    /// </summary>
    [Id(22)]
    public IReadOnlyList<MergedReport> MergedReports { get; init; } = [];

    /// <summary>
    /// True while this report is merged into another case. Assessment counts a merged report once,
    /// as its original: every KPI leaves out the cases for which this is true.
    /// </summary>
    public bool IsMerged => MergedInto is not null;

    /// <summary>Everyone who reported this matter: the first reporter, then the reporters of merged reports.</summary>
    public IReadOnlyList<string> Reporters => [.. new[] { ReportedBy }.Concat(MergedReports.Select(report => report.ReporterUserId)).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The small view pushed to dashboards and listed per area: never personal information, and a
    /// sensitive case's position blurred, since it reaches every screen of the area, wall maps included.
    /// </summary>
    public IncidentSummary ToSummary() => new(
        Id,
        Version,
        State,
        Report.CategoryCode,
        Report.SubcategoryCode,
        GridCode,
        Report.Sensitive ? PersonalData.Blur(Report.Longitude) : Report.Longitude,
        Report.Sensitive ? PersonalData.Blur(Report.Latitude) : Report.Latitude,
        Report.Urgent,
        Report.Source,
        AssignedUnitId,
        IncidentSummary.TitleOf(Report.Description),
        ReportedAt,
        UpdatedAt,
        ClockRules.Headline(Clocks) is { } headline ? headline.Colour : null,
        ClockRules.Headline(Clocks)?.DueAt,
        Clocks.Count == 0 ? 0 : Clocks.Max(clock => clock.Level))
    {
        LikelyDuplicate = LikelyDuplicateOf.Count > 0 && !IsMerged,
        MergedInto = MergedInto,
        AssignedTeamId = AssignedTeamId,
    };
}

/// <summary>A report merged into a case (Id of the duplicate, its reporter, when it was merged).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.MergedReport")]
public sealed record MergedReport(
    [property: Id(0)] string IncidentId,
    [property: Id(1)] string ReporterUserId,
    [property: Id(2)] DateTimeOffset MergedAt);

/// <summary>
/// What a list row or a map marker needs to show a case; the unit of live deltas. The traffic
/// light is the worst colour the case's history has announced for a clock running now, with that
/// clock's due time, and the highest rung a running clock has climbed.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.IncidentSummary")]
public sealed record IncidentSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] int Version,
    [property: Id(2)] IncidentState State,
    [property: Id(3)] string Category,
    [property: Id(4)] string Subcategory,
    [property: Id(5)] string GridCode,
    [property: Id(6)] double Longitude,
    [property: Id(7)] double Latitude,
    [property: Id(8)] bool Urgent,
    [property: Id(9)] IncidentSource Source,
    [property: Id(10)] string? AssignedUnitId,
    [property: Id(11)] string Title,
    [property: Id(12)] DateTimeOffset ReportedAt,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] ClockColour? Light = null,
    [property: Id(15)] DateTimeOffset? DueAt = null,
    [property: Id(16)] int EscalationLevel = 0)
{
    private const int TitleLength = 60;

    /// <summary>Flagged at intake as a likely duplicate of an open case nearby, and not merged (yet).</summary>
    [Id(17)]
    public bool LikelyDuplicate { get; init; }

    /// <summary>The original this report was merged into; a merged report leaves the open lists and counters.</summary>
    [Id(18)]
    public string? MergedInto { get; init; }

    /// <summary>The field team of the assigned unit the case was dispatched to, if one was chosen: a team's load is counted from these.</summary>
    [Id(19)]
    public string? AssignedTeamId { get; init; }

    /// <summary>On the open lists and counters: not finished and not merged into another case.</summary>
    public bool IsOpen => State.IsOpen() && MergedInto is null;

    /// <summary>The first line of a description, cut to fit a list row.</summary>
    public static string TitleOf(string description)
    {
        var firstLine = description.AsSpan().Trim();
        var newline = firstLine.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            firstLine = firstLine[..newline];
        }

        return firstLine.Length <= TitleLength ? firstLine.ToString() : string.Concat(firstLine[..(TitleLength - 1)], "…");
    }
}
