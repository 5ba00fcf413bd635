namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>Waiting on signals, never on the clock: a timeout only bounds the wait and names what was awaited.</summary>
public static class Signals
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task<T> Within<T>(this Task<T> signal, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        try
        {
            return await signal.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {limit.TotalSeconds} s waiting for {awaited}.");
        }
    }

    /// <summary>The same for a signal without a value.</summary>
    public static async Task Within(this Task signal, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        try
        {
            await signal.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {limit.TotalSeconds} s waiting for {awaited}.");
        }
    }

    /// <summary>
    /// Asks again until the answer satisfies <paramref name="done"/>, for state that converges
    /// on its own (counters roll up once a second per level). Returns the satisfying answer.
    /// </summary>
    public static async Task<T> Until<T>(Func<Task<T>> ask, Func<T, bool> done, string awaited, Func<T, string> describe, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var deadline = DateTimeOffset.UtcNow + limit;
        var answer = await ask();
        while (!done(answer))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds} s waiting for {awaited}; last answer: {describe(answer)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
            answer = await ask();
        }

        return answer;
    }
}
