using System.Diagnostics;
using System.Net;
using RuleOfLaw.Bench.Measurements;

namespace RuleOfLaw.Bench.Load;

/// <summary>
/// Grid workers reporting incidents over HTTP at an offered rate (open loop). A share of the
/// acknowledged reports is handed to the <see cref="LoopDriver"/>, whose operators take each
/// through the whole closed loop.
/// </summary>
public sealed class ReportLoad(RunContext context, LoopDriver loops)
{
    private static readonly string[] _descriptions =
    [
        "路口堆放生活垃圾约两立方米，影响通行",
        "人行道井盖松动，行人易绊倒",
        "小区消防通道被车辆占用",
        "商铺门前占道经营，堵塞人行道",
        "邻里因漏水发生纠纷，请求调解",
        "outdoor stall blocking the pavement",
    ];

    private static readonly string[] _attachments = ["photo/bench.jpg"];

    private readonly Outstanding _outstanding = new();

    public long Outstanding => _outstanding.Count;

    /// <summary>Offers reports at <paramref name="rate"/> per second from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public Task<long> Run(StepMeasurements step, double rate, double loopShare, long start, long end, int seedSalt, CancellationToken cancellation) =>
        OpenLoop.Run(rate, start, end, (sequence, intended) => _ = Send(step, sequence, intended, loopShare, seedSalt, cancellation), cancellation);

    public Task<bool> Drain(TimeSpan timeout, CancellationToken cancellation) => _outstanding.Drain(timeout, cancellation);

    /// <summary>One report sent now and awaited (the memory probe's closed loop); never drives a loop.</summary>
    public Task ReportOnce(StepMeasurements step, long sequence, int seedSalt, CancellationToken cancellation) =>
        Send(step, sequence, Stopwatch.GetTimestamp(), loopShare: 0, seedSalt, cancellation);

    private async Task Send(StepMeasurements step, long sequence, long intended, double loopShare, int seedSalt, CancellationToken cancellation)
    {
        // Every choice of a report comes from its own seeded generator: same seed, same reports.
        var random = new Random(Seeds.For(context.Options.Seed, seedSalt, sequence));
        var worker = context.Workers[random.Next(context.Workers.Count)];
        var (longitude, latitude) = worker.Grid.Points[random.Next(worker.Grid.Points.Count)];
        var subcategory = context.Map.Subcategories[random.Next(context.Map.Subcategories.Count)];
        var driveLoop = random.NextDouble() < loopShare;
        var id = Guid.CreateVersion7();
        var inWindow = step.Window.Contains(intended);
        step.ReportsOffered.Add(inWindow);
        context.Created.TryAdd(id, 0);

        if (!context.Http.TryAcquire(out var refusal))
        {
            step.Errors.Add($"report:{refusal}");
            return;
        }

        _outstanding.Enter();
        try
        {
            var body = new
            {
                id = id.ToString("D"),
                subcategory,
                description = $"{_descriptions[random.Next(_descriptions.Length)]}（bench {sequence}）",
                longitude,
                latitude,
                attachments = _attachments,
            };
            using var response = await context.Http.Send(worker.Number, HttpMethod.Post, "api/incidents", worker.Identity, body, cancellation);
            var done = Stopwatch.GetTimestamp();
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                if (inWindow)
                {
                    step.ReportAck.Record(Stopwatch.GetElapsedTime(intended, done));
                }

                step.ReportsAcknowledged.Add(step.Window.Contains(done));
                context.Acknowledged.Enqueue(id);
                if (driveLoop)
                {
                    loops.Start(step, id, worker, cancellation);
                }
            }
            else
            {
                step.Errors.Add($"report:http-{(int)response.StatusCode}");
            }
        }
        catch (Exception exception) when (!cancellation.IsCancellationRequested)
        {
            step.Errors.Add($"report:{ErrorCounter.KindOf(exception)}");
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            // The run is over; nothing to count.
        }
        finally
        {
            context.Http.Release();
            _outstanding.Exit();
        }
    }
}
