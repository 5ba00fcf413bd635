using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Clocks;

/// <summary>What makes a calendar usable, checked before an administrator's edit is stored.</summary>
public static class WorkCalendarRules
{
    public static IEnumerable<(string Field, LocalizedText Message)> Problems(WorkCalendar calendar)
    {
        if (calendar.Periods.Count == 0)
        {
            yield return ("periods", Text.Of("至少需要一个工作时段。", "At least one working period is required."));
        }

        for (var index = 0; index < calendar.Periods.Count; index++)
        {
            var period = calendar.Periods[index];
            if (period.End <= period.Start)
            {
                yield return ($"periods[{index}]", Text.Of("工作时段须在同一天内且结束晚于开始。", "A working period must end after it starts, within the day."));
            }
            else if (index > 0 && period.Start < calendar.Periods[index - 1].End)
            {
                yield return ($"periods[{index}]", Text.Of("工作时段须按时间先后排列且互不重叠。", "Working periods must be in order and must not overlap."));
            }
        }

        if (calendar.Holidays.Overlaps(calendar.SwappedWorkingDays))
        {
            yield return ("swappedWorkingDays", Text.Of("同一天不能既是节假日又是调休工作日。", "A day cannot be both a holiday and a swapped working day."));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(calendar.TimeZoneId, out _))
        {
            yield return ("timeZone", Text.Of($"未知时区“{calendar.TimeZoneId}”。", $"Unknown time zone '{calendar.TimeZoneId}'."));
        }
    }
}
