using RuleOfLaw.Grains.Clocks;

namespace RuleOfLaw.Grains.Assessment;

/// <summary>
/// Assessment days are calendar days in Asia/Shanghai: a case reported at 23:30 Beijing time on
/// the last day of a month belongs to that month, whatever the server's own time zone.
/// </summary>
public static class AssessmentDays
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(WorkCalendar.ChinaTimeZone);

    /// <summary>The Asia/Shanghai calendar day of an instant.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant an Asia/Shanghai calendar day begins.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    /// <summary>The month that holds <paramref name="instant"/>, as the period [first day, first day of next month).</summary>
    public static (DateOnly From, DateOnly To) MonthOf(DateTimeOffset instant)
    {
        var day = DayOf(instant);
        var first = new DateOnly(day.Year, day.Month, 1);
        return (first, first.AddMonths(1));
    }
}
