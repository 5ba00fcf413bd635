using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Escalation;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// What the platform itself appends when time passes: a clock turning yellow or red, a red clock
/// climbing the escalation ladder. Pure: given the record and the time, the same events every
/// time, so a reminder that fires twice (or late, after a restart or a lost node) adds nothing twice.
/// </summary>
public static class ClockEvents
{
    /// <summary>The events due by <paramref name="now"/>, each carrying the clocks after it; empty when nothing is due.</summary>
    public static IReadOnlyList<IncidentEvent> Due(IncidentRecord record, DateTimeOffset now, ILifecycleContext context)
    {
        var escalation = context.Clocks.Escalation;
        var events = new List<IncidentEvent>();
        if (!record.IsOpen)
        {
            return events;
        }

        var clocks = record.Clocks.ToList();
        for (var i = 0; i < clocks.Count; i++)
        {
            var clock = clocks[i];
            if (clock.IsPaused)
            {
                continue;
            }

            var colour = clock.ColourAt(now);
            if (colour > clock.Colour)
            {
                clocks[i] = clock = clock with { Colour = colour };
                Add(new ClockTurnedFacts(clock.Kind, clock.Key, colour));
            }

            if (colour == ClockColour.Red)
            {
                for (var target = escalation.LevelAt(clock.DueAt, now); clock.Level < target;)
                {
                    clocks[i] = clock = clock with { Level = clock.Level + 1 };
                    Add(new EscalatedFacts(clock.Kind, clock.Key, clock.Level, RungArea(record, clock.Level), EscalationQueues.TopUnit(record, clock, context.DistrictDepartmentOf)));
                }
            }
        }

        return events;

        void Add(EventFacts facts) => events.Add(new IncidentEvent(
            record.Version + events.Count + 1,
            facts is EscalatedFacts ? CommandKind.Escalate : CommandKind.ClockTurned,
            record.State,
            record.State,
            SystemActor.UserId,
            Role.System,
            null,
            now,
            null,
            [],
            facts,
            null,
            [.. clocks]));
    }

    private static string RungArea(IncidentRecord record, int level) =>
        AreaCode.Parse(record.GridCode).AtLevel(EscalationQueues.RungLevel(level)).Value;
}
