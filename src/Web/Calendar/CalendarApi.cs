using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Calendar;

/// <summary>The calendar as the API shows it: times "HH:mm" and days "yyyy-MM-dd" in the calendar's time zone.</summary>
public sealed record CalendarBody(IReadOnlyList<PeriodBody>? Periods, IReadOnlyList<string>? Holidays, IReadOnlyList<string>? SwappedWorkingDays, string? TimeZone);

public sealed record PeriodBody(string? Start, string? End);

/// <summary>
/// The district's work calendar (domain.md §2): everyone reads it (forms show deadlines), an
/// administrator replaces it. Deadlines already stored in cases keep the calendar they were computed with.
/// </summary>
public static class CalendarApi
{
    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var calendar = app.MapGroup("/api/calendar").WithTags("Calendar");
        calendar.MapGet("/", Get).RequireDoor(Permission.ReadReference).WithName("GetCalendar").WithSummary("The work calendar: working periods, holidays, swapped working days, time zone.");
        calendar.MapPut("/", Put).RequireDoor(Permission.ManageCalendar).WithName("ReplaceCalendar").WithSummary("Replace the work calendar (administrators).");
        return app;
    }

    private static async Task<Ok<CalendarBody>> Get(IGrainFactory grains) =>
        TypedResults.Ok(Body(await grains.GetGrain<ICalendarGrain>(ICalendarGrain.Key).Calendar()));

    private static async Task<Results<Ok<CalendarBody>, ProblemHttpResult>> Put(CalendarBody? body, ClaimsPrincipal user, IGrainFactory grains, ClockSource clocks)
    {
        if (body is null)
        {
            return Problems.Invalid("body", Text.Of("请求体须为工作日历的 JSON。", "A JSON body with the calendar is required."));
        }

        var errors = new Dictionary<string, LocalizedText[]>();
        var periods = new List<WorkingPeriod>();
        if (body.Periods is null)
        {
            errors["periods"] = [Text.Of("工作时段为必填项。", "periods is required.")];
        }
        else
        {
            for (var index = 0; index < body.Periods.Count; index++)
            {
                if (ParseTime(body.Periods[index]?.Start) is { } start && ParseTime(body.Periods[index]?.End) is { } end)
                {
                    periods.Add(new WorkingPeriod(start, end));
                }
                else
                {
                    errors[$"periods[{index}]"] = [Text.Of("时段的 start 与 end 须为 HH:mm。", "A period's start and end must be HH:mm.")];
                }
            }
        }

        var holidays = Days(body.Holidays, "holidays", errors);
        var swapped = Days(body.SwappedWorkingDays, "swappedWorkingDays", errors);
        var calendar = new WorkCalendar(periods, holidays, swapped, body.TimeZone ?? WorkCalendar.ChinaTimeZone);
        if (errors.Count == 0)
        {
            foreach (var (field, message) in WorkCalendarRules.Problems(calendar))
            {
                errors[field] = [message];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        await grains.GetGrain<ICalendarGrain>(ICalendarGrain.Key).Replace(calendar);

        // This node computes deadlines with the new calendar at once; the others on their next refresh.
        clocks.Use(calendar);
        return TypedResults.Ok(Body(calendar));
    }

    private static CalendarBody Body(WorkCalendar calendar) => new(
        [.. calendar.Periods.Select(period => new PeriodBody(Format(period.Start), Format(period.End)))],
        [.. calendar.Holidays.Order().Select(Format)],
        [.. calendar.SwappedWorkingDays.Order().Select(Format)],
        calendar.TimeZoneId);

    private static HashSet<DateOnly> Days(IReadOnlyList<string>? texts, string field, Dictionary<string, LocalizedText[]> errors)
    {
        var days = new HashSet<DateOnly>();
        for (var index = 0; index < (texts?.Count ?? 0); index++)
        {
            if (DateOnly.TryParseExact(texts![index], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                days.Add(day);
            }
            else
            {
                errors[$"{field}[{index}]"] = [Text.Of("日期须为 yyyy-MM-dd。", "A day must be yyyy-MM-dd.")];
            }
        }

        return days;
    }

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text, "HH\\:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static string Format(TimeOnly time) => time.ToString("HH\\:mm", CultureInfo.InvariantCulture);

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
