namespace RuleOfLaw.Grains.Clocks;

/// <summary>What a clock times (domain.md §3: each step has its own limit, handling has the subcategory's).</summary>
public enum ClockKind
{
    /// <summary>立案: from the report until the case is registered, rejected or self-handled.</summary>
    Register,

    /// <summary>核实: a grid worker confirms a non-patrol report on site.</summary>
    Verify,

    /// <summary>派遣: from registration until the case is sent to a unit.</summary>
    Dispatch,

    /// <summary>处置: from dispatch until the unit reports the result, under the subcategory's limit.</summary>
    Handling,

    /// <summary>核查: a grid worker checks the result on site.</summary>
    Check,

    /// <summary>督办回复: the responsible unit owes a leader's order a reply.</summary>
    SupervisionReply,

    /// <summary>吹哨报到: a summoned department owes an acknowledgement.</summary>
    SummonsAcknowledgement,
}

/// <summary>The traffic light of a clock: green below 80% of its limit, yellow from 80%, red from 100%.</summary>
public enum ClockColour
{
    Green,
    Yellow,
    Red,
}

/// <summary>
/// One running (or paused) clock of a case. The instants are computed once, when the step that
/// started or moved the clock is decided, and stored with that step's event: the colour at any
/// moment is a comparison with them, and a later edit of the calendar never rewrites a deadline
/// already given.
/// </summary>
/// <param name="Kind">What the clock times.</param>
/// <param name="Key">Which order or summoned unit the clock belongs to; null for step clocks.</param>
/// <param name="StartedAt">When the step that owes it began.</param>
/// <param name="WarnAt">When 80% of the limit is used: the clock turns yellow.</param>
/// <param name="DueAt">When the limit is used up: the clock turns red.</param>
/// <param name="Working">Whether the limit counts working time (the calendar's periods) rather than continuous time.</param>
/// <param name="PausedAt">When a hang (挂账) stopped the clock; null while it runs.</param>
/// <param name="Colour">The colour the case's history has announced, by a step or by a <c>ClockTurned</c> event.</param>
/// <param name="Level">How many rungs of the escalation ladder this clock has climbed (0: none).</param>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Clocks.CaseClock")]
public sealed record CaseClock(
    [property: Id(0)] ClockKind Kind,
    [property: Id(1)] string? Key,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset WarnAt,
    [property: Id(4)] DateTimeOffset DueAt,
    [property: Id(5)] bool Working,
    [property: Id(6)] DateTimeOffset? PausedAt = null,
    [property: Id(7)] ClockColour Colour = ClockColour.Green,
    [property: Id(8)] int Level = 0)
{
    public bool IsPaused => PausedAt is not null;

    /// <summary>The colour at <paramref name="now"/>; a paused clock keeps the colour it had when it stopped.</summary>
    public ClockColour ColourAt(DateTimeOffset now)
    {
        var at = PausedAt ?? now;
        return at >= DueAt ? ClockColour.Red : at >= WarnAt ? ClockColour.Yellow : ClockColour.Green;
    }

    /// <summary>Whether this is the same run of the same clock (a clock restarted for rework is another run).</summary>
    public bool IsRunOf(CaseClock other) => Kind == other.Kind && Key == other.Key && StartedAt == other.StartedAt;
}
