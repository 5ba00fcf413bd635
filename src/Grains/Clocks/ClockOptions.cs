namespace RuleOfLaw.Grains.Clocks;

/// <summary>One step's limits as configured (section <c>Clocks:&lt;Step&gt;</c>).</summary>
public sealed class StepLimitOptions
{
    public TimeSpan Normal { get; set; }

    public TimeSpan Urgent { get; set; }
}

/// <summary>
/// The clocks' settings a node reads from section <c>Clocks</c>: each step's limits, when a red
/// clock climbs each rung, and how often a node re-reads the calendar an administrator may edit.
/// Unset values keep the defaults of <see cref="ClockSettings"/>.
/// </summary>
public sealed class ClockOptions
{
    public const string Section = "Clocks";

    public StepLimitOptions? Register { get; set; }

    public StepLimitOptions? Verify { get; set; }

    public StepLimitOptions? Dispatch { get; set; }

    public StepLimitOptions? Check { get; set; }

    /// <summary>How long after its due time a red clock reaches the community, the street and the district department.</summary>
    public List<TimeSpan>? EscalateAfterDue { get; set; }

    /// <summary>Every node re-reads the calendar this often, so an edit made through another node applies everywhere.</summary>
    public TimeSpan CalendarRefresh { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyDictionary<ClockKind, StepLimit> Steps()
    {
        var steps = new Dictionary<ClockKind, StepLimit>(ClockSettings.DefaultSteps);
        foreach (var (kind, configured) in new[] { (ClockKind.Register, Register), (ClockKind.Verify, Verify), (ClockKind.Dispatch, Dispatch), (ClockKind.Check, Check) })
        {
            if (configured is { Normal: var normal, Urgent: var urgent } && normal > TimeSpan.Zero && urgent > TimeSpan.Zero)
            {
                steps[kind] = new StepLimit(normal, urgent);
            }
        }

        return steps;
    }

    /// <summary>What is wrong with these settings, one line each naming the setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, configured) in new[] { ("Register", Register), ("Verify", Verify), ("Dispatch", Dispatch), ("Check", Check) })
        {
            if (configured is null)
            {
                continue;
            }

            // One limit set alone would otherwise be dropped silently with its partner's default.
            if (configured.Normal <= TimeSpan.Zero || configured.Urgent <= TimeSpan.Zero)
            {
                problems.Add($"{Section}:{name}: Normal and Urgent must both be set and greater than 0 (were {configured.Normal} and {configured.Urgent}).");
            }
            else if (configured.Urgent > configured.Normal)
            {
                problems.Add($"{Section}:{name}: Urgent ({configured.Urgent}) must not be longer than Normal ({configured.Normal}).");
            }
        }

        if (EscalateAfterDue is { } offsets)
        {
            if (offsets.Count > EscalationPolicy.Rungs)
            {
                problems.Add($"{Section}:EscalateAfterDue has {offsets.Count} entries; the ladder has {EscalationPolicy.Rungs} rungs (community, street, district department).");
            }

            for (var i = 0; i < offsets.Count; i++)
            {
                if (offsets[i] < TimeSpan.Zero)
                {
                    problems.Add($"{Section}:EscalateAfterDue:{i} must not be negative (was {offsets[i]}).");
                }
                else if (i > 0 && offsets[i] < offsets[i - 1])
                {
                    problems.Add($"{Section}:EscalateAfterDue:{i} ({offsets[i]}) comes before the rung below it ({offsets[i - 1]}).");
                }
            }
        }

        if (CalendarRefresh <= TimeSpan.Zero || CalendarRefresh > TimeSpan.FromHours(1))
        {
            problems.Add($"{Section}:CalendarRefresh must be greater than 0 and at most 01:00:00 (was {CalendarRefresh}).");
        }

        return problems;
    }

    public EscalationPolicy Escalation() =>
        EscalateAfterDue is { Count: > 0 } offsets ? new EscalationPolicy([.. offsets.Order()]) : EscalationPolicy.Default;
}
