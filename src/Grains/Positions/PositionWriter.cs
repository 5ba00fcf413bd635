using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RuleOfLaw.Grains.Positions;

/// <summary>
/// The node's position writer: trackers hand it every fix; every flush interval it writes what
/// gathered in batches of one transaction each, and once in a while deletes what is past
/// retention. A batch the store refuses is kept and written again (appends are idempotent), so a
/// fix is lost only with the process, and then at most one flush interval of them. When the
/// store stays down the buffer fills and senders wait: positions slow down, cases do not.
/// </summary>
public sealed partial class PositionWriter(
    IPositionStore store, IOptions<PositionOptions> options, TimeProvider time, ILogger<PositionWriter> logger) : BackgroundService
{
    /// <summary>Ten seconds of the benchmark's 20,000 positions a second.</summary>
    private const int Capacity = 200_000;

    /// <summary>Rows per transaction: a flush under full load is a few of these.</summary>
    private const int MaxPerCommit = 10_000;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long a stopping node may spend writing what it still holds.</summary>
    private static readonly TimeSpan FinalFlushLimit = TimeSpan.FromSeconds(5);

    private readonly Channel<StoredFix> _pending = Channel.CreateBounded<StoredFix>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private long _written;

    /// <summary>Fixes stored since the node started (read by the diagnostics endpoint).</summary>
    public long WrittenCount => Interlocked.Read(ref _written);

    public ValueTask Write(StoredFix fix) =>
        _pending.Writer.TryWrite(fix) ? ValueTask.CompletedTask : _pending.Writer.WriteAsync(fix);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var sweepAt = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(settings.FlushInterval, time, stoppingToken);
                await Flush(stoppingToken);
                if (time.GetUtcNow() >= sweepAt)
                {
                    await Sweep(settings.Retention, stoppingToken);
                    sweepAt = time.GetUtcNow() + settings.SweepInterval;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still held is written below.
        }

        using var limit = new CancellationTokenSource(FinalFlushLimit);
        try
        {
            await Flush(limit.Token);
        }
        catch (OperationCanceledException)
        {
            LogFinalFlushCut(logger, _pending.Reader.Count);
        }
    }

    private async Task Flush(CancellationToken cancellationToken)
    {
        var batch = new List<StoredFix>(Math.Min(MaxPerCommit, _pending.Reader.Count + 1));
        while (_pending.Reader.Count > 0)
        {
            batch.Clear();
            while (batch.Count < MaxPerCommit && _pending.Reader.TryRead(out var fix))
            {
                batch.Add(fix);
            }

            await Store(batch, cancellationToken);
        }
    }

    private async Task Store(List<StoredFix> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await store.Append(batch, cancellationToken);
                Interlocked.Add(ref _written, batch.Count);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogBatchNotStored(logger, exception, batch.Count);
                await Task.Delay(RetryDelay, time, cancellationToken);
            }
        }
    }

    private async Task Sweep(TimeSpan retention, CancellationToken cancellationToken)
    {
        try
        {
            var removed = await store.DeleteBefore(time.GetUtcNow() - retention, cancellationToken);
            if (removed > 0)
            {
                LogSwept(logger, removed);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The next sweep tries again; a late sweep only keeps fixes a little longer.
            LogSweepFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} positions was not stored; retrying")]
    private static partial void LogBatchNotStored(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The node stopped before {Count} buffered positions were stored")]
    private static partial void LogFinalFlushCut(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} positions past retention")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention sweep of positions failed; it runs again later")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
