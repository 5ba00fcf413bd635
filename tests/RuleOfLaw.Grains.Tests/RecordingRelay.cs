using System.Collections.Concurrent;
using RuleOfLaw.Grains.Live;

namespace RuleOfLaw.Grains.Tests;

/// <summary>A silo's relay that records every delta and lets a test await one by id and version.</summary>
public sealed class RecordingRelay : ILiveRelay
{
    private readonly ConcurrentDictionary<(string, int), TaskCompletionSource<IncidentDelta>> _awaited = new();

    public void Deliver(IReadOnlyList<LiveUpdate> batch)
    {
        foreach (var delta in batch.OfType<IncidentDelta>())
        {
            Signal(delta.IncidentId, delta.Version).TrySetResult(delta);
        }
    }

    public Task<IncidentDelta> WaitFor(string incidentId, int version) => Signal(incidentId, version).Task;

    private TaskCompletionSource<IncidentDelta> Signal(string incidentId, int version) =>
        _awaited.GetOrAdd((incidentId, version), _ => new TaskCompletionSource<IncidentDelta>(TaskCreationOptions.RunContinuationsAsynchronously));
}
