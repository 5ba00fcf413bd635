namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// Coalescing of roll-ups: a grain that changed reports its whole table to its parent at most
/// once per period, so a burst of a thousand changes costs the parent one call.
/// </summary>
public static class RollupTimer
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Starts the timer that pushes a dirty table upward; pushes also run on deactivation.</summary>
    public static IGrainTimer Start(Grain grain, Func<Task> pushIfDirty) =>
        grain.RegisterGrainTimer(
            static (push, _) => push(),
            pushIfDirty,
            new GrainTimerCreationOptions(Period, Period) { Interleave = false, KeepAlive = false });
}
