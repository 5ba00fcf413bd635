using System.Globalization;

namespace RuleOfLaw.Grains.Clocks;

/// <summary>
/// The district's work calendar as stored: plain text (times "HH:mm", days "yyyy-MM-dd") so the
/// stored JSON reads as an administrator wrote it, whatever serializer the store uses.
/// </summary>
[GenerateSerializer, Alias("RuleOfLaw.Grains.Clocks.CalendarState")]
public sealed class CalendarState
{
    [Id(0)] public List<string[]>? Periods { get; set; }

    [Id(1)] public List<string> Holidays { get; set; } = [];

    [Id(2)] public List<string> SwappedWorkingDays { get; set; } = [];

    [Id(3)] public string TimeZoneId { get; set; } = WorkCalendar.ChinaTimeZone;
}

/// <summary>The district's one work calendar; the standard one until an administrator stores another.</summary>
[Alias("RuleOfLaw.Grains.Clocks.ICalendarGrain")]
public interface ICalendarGrain : IGrainWithStringKey
{
    public const string Key = "district";

    [Alias("Calendar")]
    Task<WorkCalendar> Calendar();

    /// <summary>Stores the calendar; the caller has checked it with <see cref="WorkCalendarRules"/>.</summary>
    [Alias("Replace")]
    Task Replace(WorkCalendar calendar);
}

public sealed class CalendarGrain([PersistentState("work-calendar")] IPersistentState<CalendarState> stored) : Grain, ICalendarGrain
{
    private const string TimeFormat = "HH\\:mm";
    private const string DayFormat = "yyyy-MM-dd";

    public Task<WorkCalendar> Calendar() => Task.FromResult(FromState(stored.State));

    public async Task Replace(WorkCalendar calendar)
    {
        if (WorkCalendarRules.Problems(calendar).Any())
        {
            throw new ArgumentException("The calendar breaks its rules; check it with WorkCalendarRules first.", nameof(calendar));
        }

        stored.State = new CalendarState
        {
            Periods = [.. calendar.Periods.Select(period => new[] { Time(period.Start), Time(period.End) })],
            Holidays = [.. calendar.Holidays.Order().Select(Day)],
            SwappedWorkingDays = [.. calendar.SwappedWorkingDays.Order().Select(Day)],
            TimeZoneId = calendar.TimeZoneId,
        };
        await stored.WriteStateAsync();
    }

    private static WorkCalendar FromState(CalendarState state)
    {
        if (state.Periods is null)
        {
            return WorkCalendar.Standard();
        }

        return new WorkCalendar(
            [.. state.Periods.Select(pair => new WorkingPeriod(TimeOnly.ParseExact(pair[0], TimeFormat, CultureInfo.InvariantCulture), TimeOnly.ParseExact(pair[1], TimeFormat, CultureInfo.InvariantCulture)))],
            state.Holidays.Select(ParseDay).ToHashSet(),
            state.SwappedWorkingDays.Select(ParseDay).ToHashSet(),
            state.TimeZoneId);
    }

    private static string Time(TimeOnly time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, DayFormat, CultureInfo.InvariantCulture);
}
