using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;

namespace RuleOfLaw.Domain.Tests.Clocks;

/// <summary>
/// Deadlines in every unit across weekends, holidays, swapped working days and the boundaries of
/// the working periods (08:30–12:00, 14:00–17:30), in China Standard Time.
/// </summary>
public sealed class WorkCalendarTests
{
    /// <summary>National Day 2026 as a district might publish it: five weekdays off, two weekend days worked.</summary>
    private static readonly WorkCalendar Calendar = WorkCalendar.Standard(
        new HashSet<DateOnly> { new(2026, 10, 1), new(2026, 10, 2), new(2026, 10, 5), new(2026, 10, 6), new(2026, 10, 7) },
        new HashSet<DateOnly> { new(2026, 9, 27), new(2026, 10, 10) });

    private static DateTimeOffset Beijing(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    public static TheoryData<string, DateTimeOffset, int, TimeLimitUnit, DateTimeOffset> Deadlines => new()
    {
        { "urgent hours run through the night and the weekend", Beijing(11, 27, 16), 10, TimeLimitUnit.ContinuousHours, Beijing(11, 28, 2) },
        { "natural days count the weekend", Beijing(11, 27, 16), 3, TimeLimitUnit.NaturalDays, Beijing(11, 30, 16) },
        { "working hours stop on Friday evening and go on on Monday", Beijing(11, 27, 16), 4, TimeLimitUnit.WorkingHours, Beijing(11, 30, 11) },
        { "a report at lunch starts counting at 14:00", Beijing(11, 26, 12, 30), 1, TimeLimitUnit.WorkingHours, Beijing(11, 26, 15) },
        { "a report after hours starts counting next morning", Beijing(11, 26, 18), 1, TimeLimitUnit.WorkingHours, Beijing(11, 27, 9, 30) },
        { "a report at the end of the morning goes on after lunch", Beijing(11, 26, 12), 1, TimeLimitUnit.WorkingHours, Beijing(11, 26, 15) },
        { "a limit that ends exactly at a period's end ends there", Beijing(11, 26, 8, 30), 7, TimeLimitUnit.WorkingHours, Beijing(11, 26, 17, 30) },
        { "a report before the day begins starts at 08:30", Beijing(11, 26, 6), 2, TimeLimitUnit.WorkingHours, Beijing(11, 26, 10, 30) },
        { "working hours skip the holiday week", Beijing(9, 30, 17), 1, TimeLimitUnit.WorkingHours, Beijing(10, 8, 9) },
        { "a swapped Saturday is worked", Beijing(10, 9, 17), 1, TimeLimitUnit.WorkingHours, Beijing(10, 10, 9) },
        { "a swapped Sunday is worked", Beijing(9, 26, 10), 1, TimeLimitUnit.WorkingHours, Beijing(9, 27, 9, 30) },
        { "working days do not count the day of the report", Beijing(11, 27, 10), 2, TimeLimitUnit.WorkingDays, Beijing(12, 1, 17, 30) },
        { "working days skip the holidays", Beijing(9, 30, 10), 1, TimeLimitUnit.WorkingDays, Beijing(10, 8, 17, 30) },
        { "working days count a swapped Saturday", Beijing(10, 9, 10), 1, TimeLimitUnit.WorkingDays, Beijing(10, 10, 17, 30) },
        { "a report on a holiday counts from the next working day", Beijing(10, 3, 10), 2, TimeLimitUnit.WorkingDays, Beijing(10, 9, 17, 30) },
    };

    [Theory]
    [MemberData(nameof(Deadlines))]
    public void TheDeadlineFollowsTheLimitsUnitThroughTheCalendar(string because, DateTimeOffset start, int value, TimeLimitUnit unit, DateTimeOffset expected)
    {
        Assert.True(expected == Calendar.Deadline(start, new TimeLimit(value, unit)), $"{because}: expected {expected:yyyy-MM-dd HH:mm}, got {Calendar.Deadline(start, new TimeLimit(value, unit)):yyyy-MM-dd HH:mm zzz}");
    }

    [Fact]
    public void TheDeadlineIsTheSameInstantWhateverOffsetTheStartIsWrittenIn()
    {
        var start = Beijing(11, 27, 16);

        Assert.Equal(
            Calendar.Deadline(start, new TimeLimit(4, TimeLimitUnit.WorkingHours)),
            Calendar.Deadline(start.ToUniversalTime(), new TimeLimit(4, TimeLimitUnit.WorkingHours)));
    }

    [Fact]
    public void WorkingTimeBetweenTwoInstantsCountsOnlyThePeriodsOfWorkingDays()
    {
        Assert.Equal(TimeSpan.FromHours(4), Calendar.WorkingTimeBetween(Beijing(11, 27, 16), Beijing(11, 30, 11)));
        Assert.Equal(TimeSpan.FromMinutes(30), Calendar.WorkingTimeBetween(Beijing(9, 30, 17), Beijing(10, 7, 23)));
        Assert.Equal(TimeSpan.Zero, Calendar.WorkingTimeBetween(Beijing(11, 30, 11), Beijing(11, 27, 16)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(13)]
    [InlineData(40)]
    public void AWorkingHoursDeadlineUsesExactlyItsLimitOfWorkingTime(int hours)
    {
        var start = Beijing(9, 29, 13, 17);

        Assert.Equal(TimeSpan.FromHours(hours), Calendar.WorkingTimeBetween(start, Calendar.Deadline(start, new TimeLimit(hours, TimeLimitUnit.WorkingHours))));
    }

    [Fact]
    public void ACalendarWithOverlappingPeriodsAClashingDayOrAnUnknownZoneIsRefusedNamingTheField()
    {
        var broken = new WorkCalendar(
            [new(new TimeOnly(8, 30), new TimeOnly(12, 0)), new(new TimeOnly(11, 0), new TimeOnly(17, 0)), new(new TimeOnly(18, 0), new TimeOnly(17, 0))],
            new HashSet<DateOnly> { new(2026, 10, 10) },
            new HashSet<DateOnly> { new(2026, 10, 10) },
            "Mars/Olympus");

        Assert.Equal(
            ["periods[1]", "periods[2]", "swappedWorkingDays", "timeZone"],
            WorkCalendarRules.Problems(broken).Select(problem => problem.Field));
        Assert.Empty(WorkCalendarRules.Problems(Calendar));
    }
}
