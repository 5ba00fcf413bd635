using System.Net;
using RuleOfLaw.Bench.Load;
using RuleOfLaw.Bench.Measurements;

namespace RuleOfLaw.Bench.Scenario;

/// <summary>What the final read-back found.</summary>
public sealed record ReadBackResult(long Acknowledged, long Found, long Missing, long Unverified, IReadOnlyDictionary<string, long> Errors, double Seconds)
{
    /// <summary>Acknowledged but not there: must be zero ("acknowledged means durable").</summary>
    public long Lost => Missing;
}

/// <summary>
/// Reads back every acknowledged id as a leader of the district (<c>GET /api/incidents/{id}</c>),
/// with bounded concurrency and time: a 404 is a lost incident; whatever could not be asked
/// before the time ran out is reported as unverified, never as found. With several nodes the ids
/// are read through every node in turn, so most are read through a node that did not take the report.
/// </summary>
public static class ReadBack
{
    private const int Concurrency = 32;

    public static async Task<ReadBackResult> Run(RunContext context, TimeSpan timeout, CancellationToken cancellation)
    {
        var ids = context.Acknowledged.Distinct().ToList();
        var errors = new ErrorCounter();
        long found = 0, missing = 0;
        var reader = ActorIdentity.Leader("bench-read-back");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            await Parallel.ForEachAsync(ids.Index(), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = limit.Token }, async (item, token) =>
            {
                try
                {
                    // The read-back is outside the load's request cap: it must be able to finish.
                    using var response = await context.Http.Send(item.Index, HttpMethod.Get, $"api/incidents/{item.Item:D}", reader, null, token);
                    switch (response.StatusCode)
                    {
                        case HttpStatusCode.OK:
                            Interlocked.Increment(ref found);
                            break;
                        case HttpStatusCode.NotFound:
                            Interlocked.Increment(ref missing);
                            break;
                        default:
                            errors.Add($"read-back:http-{(int)response.StatusCode}");
                            break;
                    }
                }
                catch (Exception exception) when (!token.IsCancellationRequested)
                {
                    errors.Add($"read-back:{ErrorCounter.KindOf(exception)}");
                }
            });
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // Out of time: what was not asked stays unverified.
        }

        var unverified = ids.Count - found - missing;
        return new ReadBackResult(ids.Count, found, missing, unverified, errors.Snapshot(), watch.Elapsed.TotalSeconds);
    }
}
