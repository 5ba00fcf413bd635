using RuleOfLaw.Grains.Catalogue;

namespace RuleOfLaw.Grains.Clocks;

/// <summary>One stretch of working time within a day, in local time (e.g. 08:30–12:00).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Clocks.WorkingPeriod")]
public sealed record WorkingPeriod([property: Id(0)] TimeOnly Start, [property: Id(1)] TimeOnly End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>
/// The working calendar as data (domain.md §2): the working periods of a working day, the public
/// holidays that fall on weekdays, and the weekend days that are worked instead (调休). Deadlines
/// are computed in the unit of a limit: continuous hours and natural days on the clock, working
/// hours through the periods, working days as whole days of the calendar. Pure: the grains hold a
/// calendar and ask it; an administrator edits the data.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Clocks.WorkCalendar")]
public sealed record WorkCalendar(
    [property: Id(0)] IReadOnlyList<WorkingPeriod> Periods,
    [property: Id(1)] IReadOnlySet<DateOnly> Holidays,
    [property: Id(2)] IReadOnlySet<DateOnly> SwappedWorkingDays,
    [property: Id(3)] string TimeZoneId)
{
    public const string ChinaTimeZone = "Asia/Shanghai";

    /// <summary>The usual government working day: 08:30–12:00 and 14:00–17:30, Monday to Friday.</summary>
    public static WorkCalendar Standard(IReadOnlySet<DateOnly>? holidays = null, IReadOnlySet<DateOnly>? swappedWorkingDays = null) => new(
        [new(new TimeOnly(8, 30), new TimeOnly(12, 0)), new(new TimeOnly(14, 0), new TimeOnly(17, 30))],
        holidays ?? new HashSet<DateOnly>(),
        swappedWorkingDays ?? new HashSet<DateOnly>(),
        ChinaTimeZone);

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>A swapped day is worked whatever its weekday; a holiday is not; otherwise Monday to Friday.</summary>
    public bool IsWorkingDay(DateOnly day) =>
        SwappedWorkingDays.Contains(day)
        || (!Holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>When a limit that starts at <paramref name="start"/> runs out.</summary>
    public DateTimeOffset Deadline(DateTimeOffset start, TimeLimit limit) => limit.Unit switch
    {
        TimeLimitUnit.ContinuousHours => start.AddHours(limit.Value),
        TimeLimitUnit.NaturalDays => start.AddDays(limit.Value),
        TimeLimitUnit.WorkingHours => AddWorkingTime(start, TimeSpan.FromHours(limit.Value)),
        TimeLimitUnit.WorkingDays => EndOfWorkingDayAfter(start, limit.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit.Unit, "Unknown time limit unit."),
    };

    /// <summary>
    /// Working time from <paramref name="start"/> to <paramref name="end"/> (zero when end is not
    /// later): how much of a working-hours limit has been used, for the traffic light.
    /// </summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset start, DateTimeOffset end)
    {
        var total = TimeSpan.Zero;
        var zone = Zone;
        var from = TimeZoneInfo.ConvertTime(start, zone);
        var to = TimeZoneInfo.ConvertTime(end, zone);
        for (var day = DateOnly.FromDateTime(from.DateTime); day <= DateOnly.FromDateTime(to.DateTime); day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }

            foreach (var period in Periods)
            {
                var periodStart = At(day, period.Start, zone);
                var periodEnd = At(day, period.End, zone);
                var overlapStart = periodStart > start ? periodStart : start;
                var overlapEnd = periodEnd < end ? periodEnd : end;
                if (overlapEnd > overlapStart)
                {
                    total += overlapEnd - overlapStart;
                }
            }
        }

        return total;
    }

    /// <summary>Time from <paramref name="start"/> to <paramref name="end"/>, in working or continuous time; never negative.</summary>
    public TimeSpan Measure(DateTimeOffset start, DateTimeOffset end, bool working) =>
        working ? WorkingTimeBetween(start, end) : end > start ? end - start : TimeSpan.Zero;

    /// <summary>The instant <paramref name="amount"/> of working or continuous time after <paramref name="start"/>.</summary>
    public DateTimeOffset Advance(DateTimeOffset start, TimeSpan amount, bool working) =>
        working ? AddWorkingTime(start, amount) : start + amount;

    /// <summary>Whether a limit in this unit counts the calendar's working time.</summary>
    public static bool CountsWorkingTime(TimeLimitUnit unit) => unit is TimeLimitUnit.WorkingHours or TimeLimitUnit.WorkingDays;

    /// <summary>Walks the working periods from <paramref name="start"/> until <paramref name="amount"/> of working time is used.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        var zone = Zone;
        var remaining = amount;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime);
        for (var guard = 0; guard < 3660; guard++, day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }

            foreach (var period in Periods)
            {
                var periodEnd = At(day, period.End, zone);
                if (periodEnd <= start)
                {
                    continue;
                }

                var from = At(day, period.Start, zone) > start ? At(day, period.Start, zone) : start;
                var available = periodEnd - from;
                if (remaining <= available)
                {
                    return from + remaining;
                }

                remaining -= available;
            }
        }

        throw new InvalidOperationException("The calendar has no working time in the next ten years.");
    }

    /// <summary>
    /// The end of the last working period of the <paramref name="days"/>-th working day after the
    /// start's own day: the day a case arrives is not counted, as periods in law are counted.
    /// </summary>
    private DateTimeOffset EndOfWorkingDayAfter(DateTimeOffset start, int days)
    {
        var zone = Zone;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime);
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return At(day, Periods[^1].End, zone);
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
