namespace RuleOfLaw.Grains.Common;

/// <summary>
/// Costly readings shared by everyone who asks for the same thing within a short window: callers
/// asking at once wait for one computation, and its result is handed out until
/// <c>reuseFor</c> has passed since it started. A failed reading is not handed out again, so the
/// next caller tries anew. For figures every open screen refreshes on its own timer (a district's
/// patrol coverage reads a day of fixes), where a few seconds' age is worth far less than the
/// repeated work. A zero window shares only readings in flight.
/// </summary>
public sealed class SharedReadings<TKey, TValue>(TimeSpan reuseFor, TimeProvider time)
    where TKey : notnull
{
    private readonly Dictionary<TKey, (Task<TValue> Reading, DateTimeOffset StartedAt)> _readings = [];
    private readonly Lock _lock = new();

    public Task<TValue> Get(TKey key, Func<TKey, Task<TValue>> read)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_readings.TryGetValue(key, out var held) && Usable(held, now))
            {
                return held.Reading;
            }

            // Readings past their window hold memory for nothing: dropped as new ones start.
            foreach (var (other, entry) in _readings)
            {
                if (!Usable(entry, now))
                {
                    _readings.Remove(other);
                }
            }

            var reading = read(key);
            _readings[key] = (reading, now);
            return reading;
        }
    }

    private bool Usable((Task<TValue> Reading, DateTimeOffset StartedAt) held, DateTimeOffset now) =>
        !held.Reading.IsFaulted && !held.Reading.IsCanceled
        && (!held.Reading.IsCompleted || now - held.StartedAt < reuseFor);
}
