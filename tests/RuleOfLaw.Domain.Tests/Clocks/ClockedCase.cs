using Microsoft.Extensions.Time.Testing;
using RuleOfLaw.Domain.Tests.Incidents;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Domain.Tests.Clocks;

/// <summary>
/// One case driven through the pure rule on a fake clock, woken the way its grain is: at the
/// instant <see cref="ClockRules.NextWake"/> names, appending what <see cref="ClockEvents.Due"/> returns.
/// </summary>
internal sealed class ClockedCase
{
    private readonly FixedContext _context;
    private readonly List<IncidentEvent> _history = [];

    public ClockedCase(DateTimeOffset reportedAt, WorkCalendar calendar, bool urgent = false, string? streetOffice = null)
    {
        _context = new FixedContext { Clocks = ClockSettings.Default(calendar), StreetOffice = streetOffice };
        Time = new FakeTimeProvider(reportedAt);
        Do(Cases.Report() with { Urgent = urgent });
    }

    public FakeTimeProvider Time { get; }

    public IncidentRecord Record { get; private set; } = null!;

    public IReadOnlyList<IncidentEvent> History => _history;

    public CaseClock Clock(ClockKind kind) => Record.Clocks.Single(clock => clock.Kind == kind);

    public EscalationPolicy Escalation => _context.Clocks.Escalation;

    public FixedContext Context => _context;

    /// <summary>Takes a step at the fake clock's time; the rule must accept it.</summary>
    public ClockedCase Do(IncidentCommand command)
    {
        var decision = IncidentLifecycle.Decide(_history.Count == 0 ? null : Record, command, Time.GetUtcNow(), _context);
        var accepted = Assert.IsType<Accepted>(decision);
        Append(accepted.Event);
        return this;
    }

    public ClockedCase Do(CommandKind step, Role role, bool affirmed = true) => Do(Cases.Command(step, Actors.Of(role), affirmed));

    /// <summary>Moves the fake clock to <paramref name="at"/> and wakes the case as its reminder would.</summary>
    public IReadOnlyList<IncidentEvent> WakeAt(DateTimeOffset at)
    {
        Time.SetUtcNow(at);
        var due = ClockEvents.Due(Record, Time.GetUtcNow(), _context);
        foreach (var e in due)
        {
            Append(e);
        }

        return due;
    }

    /// <summary>The instant the grain would set its reminder for now.</summary>
    public DateTimeOffset? NextWake => ClockRules.NextWake(Record.Clocks, Escalation);

    /// <summary>Follows the reminder from wake to wake until <paramref name="until"/>: every instant something happened, with what.</summary>
    public List<(DateTimeOffset At, string What)> FollowUntil(DateTimeOffset until)
    {
        var seen = new List<(DateTimeOffset, string)>();
        while (NextWake is { } next && next <= until)
        {
            foreach (var e in WakeAt(next))
            {
                seen.Add((next, e.Facts switch
                {
                    ClockTurnedFacts turned => $"{turned.Clock} {turned.Colour}",
                    EscalatedFacts escalated => $"{escalated.Clock} rung {escalated.Level} {escalated.AreaCode} {escalated.UnitId}".TrimEnd(),
                    _ => e.Command.ToString(),
                }));
            }
        }

        return seen;
    }

    private void Append(IncidentEvent e)
    {
        Record = IncidentLifecycle.Apply(_history.Count == 0 ? null : Record, e, "clocked-case");
        _history.Add(e);
    }
}
