namespace RuleOfLaw.Bench.Measurements;

/// <summary>A count of events that happened inside the measured window, and of all events.</summary>
public sealed class WindowCounter
{
    private long _inWindow;
    private long _total;

    public long InWindow => Interlocked.Read(ref _inWindow);

    public long Total => Interlocked.Read(ref _total);

    public void Add(bool inWindow, long count = 1)
    {
        Interlocked.Add(ref _total, count);
        if (inWindow)
        {
            Interlocked.Add(ref _inWindow, count);
        }
    }

    public double PerSecond(MeasurementWindow window) => InWindow / window.Length.TotalSeconds;
}
