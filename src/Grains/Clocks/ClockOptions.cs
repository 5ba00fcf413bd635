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

    public EscalationPolicy Escalation() =>
        EscalateAfterDue is { Count: > 0 } offsets ? new EscalationPolicy([.. offsets.Order()]) : EscalationPolicy.Default;
}
