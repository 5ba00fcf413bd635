using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Supervision;

namespace RuleOfLaw.Grains.Clocks;

/// <summary>
/// Which clocks run after a step, and when: pure, given the calendar and limits. A step clock
/// belongs to the state the case waits in (立案 while reported or forwarded, 派遣 while registered,
/// 处置 from dispatch until handled, 核查 while checking); leaving the state stops it, entering the
/// next starts the next. A hang pauses the handling clock, a resume moves its deadlines by the time
/// it stood still, an approved extension moves its deadline by the extension in its own unit.
/// </summary>
public static class ClockRules
{
    /// <summary>The step clock of a state, or null where nothing is owed (handled, pending close, terminal).</summary>
    public static ClockKind? StepClockOf(IncidentState state) => state switch
    {
        IncidentState.Reported or IncidentState.PendingRegistration => ClockKind.Register,
        IncidentState.Verifying => ClockKind.Verify,
        IncidentState.Registered => ClockKind.Dispatch,
        IncidentState.Dispatched or IncidentState.InProgress or IncidentState.Hung => ClockKind.Handling,
        IncidentState.Checking => ClockKind.Check,
        _ => null,
    };

    /// <summary>
    /// The clocks after a step taken at <paramref name="at"/> that moved the case from
    /// <paramref name="before"/> to <paramref name="after"/>; null when they stay as they were.
    /// </summary>
    public static IReadOnlyList<CaseClock>? After(IncidentRecord? before, IncidentRecord after, DateTimeOffset at, ClockSettings settings)
    {
        IReadOnlyList<CaseClock> current = before?.Clocks ?? [];
        var clocks = current.ToList();
        var fromKind = before is { IsOpen: true } ? StepClockOf(before.State) : null;
        var toKind = after.IsOpen ? StepClockOf(after.State) : null;
        if (fromKind != toKind)
        {
            clocks.RemoveAll(clock => clock.Key is null);
            if (toKind is { } kind)
            {
                clocks.Add(StartStep(kind, after, at, settings));
            }
        }
        else if (before is not null && toKind == ClockKind.Handling && clocks.FindIndex(IsHandling) is var index and >= 0)
        {
            var handling = clocks[index];
            if (after.State == IncidentState.Hung && before.State != IncidentState.Hung)
            {
                clocks[index] = handling with { PausedAt = at };
            }
            else if (before.State == IncidentState.Hung && after.State != IncidentState.Hung)
            {
                clocks[index] = Resume(handling, at, settings.Calendar);
            }
            else if (after.Extensions.Count > before.Extensions.Count)
            {
                clocks[index] = Extend(handling, after.Extensions[^1], at, settings.Calendar);
            }
        }

        var owed = SupervisionRules.Owed(after).ToList();
        clocks.RemoveAll(clock => clock.Key is not null && !owed.Any(debt => debt.Kind == clock.Kind && debt.Key == clock.Key));
        foreach (var (kind, key, since, dueAt) in owed.Where(debt => !clocks.Any(clock => clock.Kind == debt.Kind && clock.Key == debt.Key)))
        {
            clocks.Add(Owed(kind, key, since, dueAt));
        }

        if (!after.IsOpen)
        {
            clocks.Clear();
        }

        return clocks.SequenceEqual(current) ? null : clocks;
    }

    /// <summary>A clock with a deadline set by a person (a leader's reply date, a summons' acknowledgement time), timed continuously.</summary>
    private static CaseClock Owed(ClockKind kind, string key, DateTimeOffset at, DateTimeOffset dueAt) =>
        new(kind, key, at, Share(at, dueAt), dueAt, Working: false);

    /// <summary>
    /// The earliest instant a clock of <paramref name="clocks"/> changes colour or climbs a rung,
    /// so a reminder can wake the case then; null when nothing more will happen by itself.
    /// </summary>
    public static DateTimeOffset? NextWake(IEnumerable<CaseClock> clocks, EscalationPolicy escalation) =>
        clocks.Where(clock => !clock.IsPaused)
            .Select(clock => clock.Colour switch
            {
                ClockColour.Green => clock.WarnAt,
                ClockColour.Yellow => clock.DueAt,
                _ => escalation.NextRungAt(clock.DueAt, clock.Level),
            })
            .Where(at => at is not null)
            .Min();

    /// <summary>The clock of the case that matters most on a map: the worst colour, then the earliest due.</summary>
    public static CaseClock? Headline(IEnumerable<CaseClock> clocks) =>
        clocks.OrderByDescending(clock => clock.Colour).ThenBy(clock => clock.DueAt).FirstOrDefault();

    private static bool IsHandling(CaseClock clock) => clock.Kind == ClockKind.Handling && clock.Key is null;

    /// <summary>
    /// The handling limit a case runs on: its subcategory's, on continuous time when the case is
    /// urgent (domain.md §2: working hours become hours, working days days), since an urgent matter
    /// is not left waiting for a night, a weekend or a holiday.
    /// </summary>
    public static TimeLimit HandlingLimit(TimeLimit limit, bool urgent) => !urgent ? limit : limit.Unit switch
    {
        TimeLimitUnit.WorkingHours => limit with { Unit = TimeLimitUnit.ContinuousHours },
        TimeLimitUnit.WorkingDays => limit with { Unit = TimeLimitUnit.NaturalDays },
        _ => limit,
    };

    private static CaseClock StartStep(ClockKind kind, IncidentRecord record, DateTimeOffset at, ClockSettings settings)
    {
        if (kind == ClockKind.Handling)
        {
            var limit = HandlingLimit(record.Report.HandlingLimit, record.Report.Urgent);
            var working = WorkCalendar.CountsWorkingTime(limit.Unit);
            var due = settings.Calendar.Deadline(at, limit);
            return new CaseClock(kind, null, at, WarnPoint(at, due, working, settings.Calendar), due, working);
        }

        var span = settings.Steps.TryGetValue(kind, out var step) ? step.For(record.Report.Urgent) : ClockSettings.DefaultSteps[kind].For(record.Report.Urgent);
        return new CaseClock(kind, null, at, at + (span * ClockSettings.WarnShare), at + span, Working: false);
    }

    /// <summary>Moves the deadlines still ahead of the pause by the time the clock stood still, measured as the clock measures.</summary>
    private static CaseClock Resume(CaseClock clock, DateTimeOffset at, WorkCalendar calendar)
    {
        var paused = clock.PausedAt ?? at;
        DateTimeOffset Moved(DateTimeOffset instant) =>
            instant > paused ? calendar.Advance(at, calendar.Measure(paused, instant, clock.Working), clock.Working) : instant;
        return clock with { WarnAt = Moved(clock.WarnAt), DueAt = Moved(clock.DueAt), PausedAt = null };
    }

    /// <summary>
    /// The extension counts from the deadline it extends, in its own unit; yellow comes again at 80%
    /// of the whole span. The colour is what the new deadline gives now. A clock the extension takes
    /// out of the red leaves the ladder (the levels above no longer have an overdue case to chase)
    /// and climbs again from the first rung if its new deadline passes; the escalations already made
    /// stay in the history, and lateness once recorded stays recorded.
    /// </summary>
    private static CaseClock Extend(CaseClock clock, TimeLimit extension, DateTimeOffset at, WorkCalendar calendar)
    {
        var due = calendar.Deadline(clock.DueAt, extension);
        var extended = clock with { DueAt = due, WarnAt = WarnPoint(clock.StartedAt, due, clock.Working, calendar) };
        var colour = extended.ColourAt(at);
        return extended with { Colour = colour, Level = colour == ClockColour.Red ? clock.Level : 0 };
    }

    private static DateTimeOffset WarnPoint(DateTimeOffset start, DateTimeOffset due, bool working, WorkCalendar calendar) =>
        calendar.Advance(start, calendar.Measure(start, due, working) * ClockSettings.WarnShare, working);

    private static DateTimeOffset Share(DateTimeOffset start, DateTimeOffset due) => start + ((due - start) * ClockSettings.WarnShare);
}
