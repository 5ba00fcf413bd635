namespace RuleOfLaw.Grains.Clocks;

/// <summary>A step's limit in continuous time, shorter for urgent cases (domain.md §2: 10 min urgent, 30 min normal).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Clocks.StepLimit")]
public sealed record StepLimit([property: Id(0)] TimeSpan Normal, [property: Id(1)] TimeSpan Urgent)
{
    public TimeSpan For(bool urgent) => urgent ? Urgent : Normal;
}

/// <summary>
/// How a red clock climbs the ladder grid → community → street → district department: rung n is
/// reached <c>AfterDue[n-1]</c> after the clock's due time.
/// </summary>
public sealed record EscalationPolicy(IReadOnlyList<TimeSpan> AfterDue)
{
    /// <summary>The ladder above the grid: community, street, district department.</summary>
    public const int Rungs = 3;

    public static EscalationPolicy Default { get; } = new([TimeSpan.Zero, TimeSpan.FromHours(2), TimeSpan.FromHours(8)]);

    /// <summary>The rung a clock due at <paramref name="dueAt"/> has reached by <paramref name="now"/> (0: not yet red).</summary>
    public int LevelAt(DateTimeOffset dueAt, DateTimeOffset now) =>
        Math.Min(Rungs, AfterDue.Count(offset => dueAt + offset <= now));

    /// <summary>When the clock reaches rung <paramref name="level"/> + 1; null at the top of the ladder.</summary>
    public DateTimeOffset? NextRungAt(DateTimeOffset dueAt, int level) =>
        level < Math.Min(Rungs, AfterDue.Count) ? dueAt + AfterDue[level] : null;
}

/// <summary>What the clock rule needs: the calendar, the step limits and the escalation policy.</summary>
public sealed record ClockSettings(WorkCalendar Calendar, IReadOnlyDictionary<ClockKind, StepLimit> Steps, EscalationPolicy Escalation)
{
    /// <summary>The share of a limit after which a clock turns yellow.</summary>
    public const double WarnShare = 0.8;

    /// <summary>Realistic limits seen in practice (domain.md §2); a node reads its own from configuration.</summary>
    public static IReadOnlyDictionary<ClockKind, StepLimit> DefaultSteps { get; } = new Dictionary<ClockKind, StepLimit>
    {
        [ClockKind.Register] = new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10)),
        [ClockKind.Verify] = new(TimeSpan.FromHours(2), TimeSpan.FromHours(1)),
        [ClockKind.Dispatch] = new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10)),
        [ClockKind.Check] = new(TimeSpan.FromHours(2), TimeSpan.FromHours(1)),
    };

    public static ClockSettings Default(WorkCalendar calendar) => new(calendar, DefaultSteps, EscalationPolicy.Default);
}
