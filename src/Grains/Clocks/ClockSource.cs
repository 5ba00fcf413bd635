using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RuleOfLaw.Grains.Clocks;

/// <summary>
/// A node's copy of the clocks' settings: the configured limits and policy with the district's
/// calendar as last read. Deadlines are computed from it when a step is decided, so it is held in
/// memory rather than fetched on the command path.
/// </summary>
public sealed class ClockSource(IOptions<ClockOptions> options)
{
    private ClockSettings _current = new(WorkCalendar.Standard(), options.Value.Steps(), options.Value.Escalation());

    public ClockSettings Current => Volatile.Read(ref _current);

    public TimeSpan RefreshPeriod => options.Value.CalendarRefresh;

    /// <summary>Takes a calendar read from (or just written to) the calendar grain.</summary>
    public void Use(WorkCalendar calendar) => Volatile.Write(ref _current, Current with { Calendar = calendar });
}

/// <summary>
/// Reads the calendar into <see cref="ClockSource"/> when the silo becomes active and every
/// <see cref="ClockOptions.CalendarRefresh"/> after, so an edit made through any node reaches all.
/// </summary>
public sealed partial class CalendarFollower(ClockSource source, IGrainFactory grains, ILogger<CalendarFollower> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CalendarFollower), ServiceLifecycleStage.Active, Start, Stop);

    public void Dispose() => _stopping.Dispose();

    private async Task Start(CancellationToken cancellationToken)
    {
        await Refresh();
        _ = Follow();
    }

    private Task Stop(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task Follow()
    {
        using var timer = new PeriodicTimer(source.RefreshPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await Refresh();
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    private async Task Refresh()
    {
        try
        {
            source.Use(await grains.GetGrain<ICalendarGrain>(ICalendarGrain.Key).Calendar());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The calendar held stays in force; the next tick tries again.
            LogCalendarNotRead(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The work calendar could not be read; the one held stays in force")]
    private static partial void LogCalendarNotRead(ILogger logger, Exception exception);
}
