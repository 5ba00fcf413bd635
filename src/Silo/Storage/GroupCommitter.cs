using System.Threading.Channels;

namespace RuleOfLaw.Silo.Storage;

/// <summary>
/// Group commit: callers enqueue work and await its outcome; one loop hands everything that has
/// queued since its last write (up to a bound) to a single write. Under load a batch grows with
/// the queue, so the cost of a durable commit is shared; when idle a lone item is written at once.
/// </summary>
internal sealed class GroupCommitter<TItem, TResult> : IDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Done)> _queue =
        Channel.CreateUnbounded<(TItem, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<TResult[]>> _write;
    private readonly int _maxBatch;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _loop;

    public GroupCommitter(Func<IReadOnlyList<TItem>, CancellationToken, Task<TResult[]>> write, int maxBatch)
    {
        _write = write;
        _maxBatch = maxBatch;
        _loop = Task.Run(Loop);
    }

    /// <summary>
    /// Queues one item; the task completes after the write that holds it. Cancelling stops the
    /// wait only before the item is queued: once queued it is written, as a durable store must.
    /// </summary>
    public Task<TResult> Enqueue(TItem item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((item, done)))
        {
            throw new ObjectDisposedException(nameof(GroupCommitter<TItem, TResult>), "The store is shutting down.");
        }

        return done.Task;
    }

    /// <summary>Stops taking work and writes what is queued, so nothing already awaited is dropped.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (!_loop.Wait(DrainTimeout))
        {
            _abandon.Cancel();
        }

        _abandon.Dispose();
    }

    private async Task Loop()
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(_maxBatch);
        var items = new List<TItem>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            items.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var entry))
            {
                batch.Add(entry);
                items.Add(entry.Item);
            }

            try
            {
                var results = await _write(items, _abandon.Token);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception exception)
            {
                // Nothing of a failed write was committed: every caller in it learns so.
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(exception);
                }
            }
        }
    }
}
