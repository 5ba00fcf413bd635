using System.Globalization;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Web.Assessment;

/// <summary>
/// The period of an assessment request: <c>from</c> and <c>to</c> as Asia/Shanghai calendar days
/// (yyyy-MM-dd), the period being [from, to). Either one left out defaults to the bound of the
/// current month, so a bare request reads the month to date (rankings are published monthly).
/// </summary>
public static class AssessmentPeriod
{
    private const string DayFormat = "yyyy-MM-dd";

    /// <summary>The period, or the field errors that name what is wrong with it.</summary>
    public static (DateOnly From, DateOnly To)? Parse(string? from, string? to, DateTimeOffset now, Dictionary<string, LocalizedText[]> errors)
    {
        var (monthStart, nextMonth) = AssessmentDays.MonthOf(now);
        var start = Day("from", from, monthStart, errors);
        var end = Day("to", to, nextMonth, errors);
        if (start is { } f && end is { } t && f >= t)
        {
            errors["to"] = [Text.Of(
                $"to（{t:yyyy-MM-dd}）须晚于 from（{f:yyyy-MM-dd}）：统计区间为 [from, to)。",
                $"to ({t:yyyy-MM-dd}) must be after from ({f:yyyy-MM-dd}): the period is [from, to).")];
        }

        return errors.Count == 0 ? (start!.Value, end!.Value) : null;
    }

    private static DateOnly? Day(string field, string? text, DateOnly fallback, Dictionary<string, LocalizedText[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text.Trim(), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[field] = [Text.Of(
            $"{field} 须为 yyyy-MM-dd 格式的日期（北京时间），收到“{text}”。",
            $"{field} must be a date as yyyy-MM-dd (Asia/Shanghai); got '{text}'.")];
        return null;
    }
}
