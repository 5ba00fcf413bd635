using System.Collections.Concurrent;

namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>
/// One HTTP attempt of a command, as the client saw it: when it started (on the test's clock),
/// how long it took, which node, and what came back (a status and whether it carried
/// Retry-After, or the transport error: refused, reset, timed out).
/// </summary>
public sealed record Attempt(
    TimeSpan StartedAt,
    TimeSpan Elapsed,
    string Node,
    string Command,
    string IncidentId,
    int Number,
    int? Status,
    bool RetryAfter,
    string? Error)
{
    public bool Answered => Status is not null;

    public override string ToString() =>
        $"{Command} {IncidentId} attempt {Number} on {Node} at {StartedAt.TotalSeconds:0.000} s: "
        + (Status is { } status ? $"{status}{(RetryAfter ? " (Retry-After)" : string.Empty)}" : Error)
        + $" after {Elapsed.TotalMilliseconds:0} ms";
}

/// <summary>What a client knows of one case: the versions it saw acknowledged, and those it learned were committed.</summary>
public sealed class CaseLedger(string id, string grid)
{
    private readonly ConcurrentDictionary<int, string> _acknowledged = new();
    private readonly ConcurrentDictionary<int, string> _committedUnacknowledged = new();

    public string Id { get; } = id;

    public string Grid { get; } = grid;

    /// <summary>Version → command of every 2xx answer: what the system promised is durable.</summary>
    public IReadOnlyDictionary<int, string> Acknowledged => _acknowledged;

    /// <summary>
    /// Version → command of steps whose answer was lost (503 after the commit, a timeout) and that
    /// a retry then found applied (409 naming the newer version): committed, never acknowledged.
    /// </summary>
    public IReadOnlyDictionary<int, string> CommittedUnacknowledged => _committedUnacknowledged;

    /// <summary>The latest version this client knows of (acknowledged or found committed).</summary>
    public int Version { get; private set; }

    /// <summary>The node that answered the latest acknowledgement.</summary>
    public string? LastNode { get; private set; }

    /// <summary>When the latest acknowledgement arrived, on the test's clock.</summary>
    public TimeSpan LastAcknowledgedAt { get; private set; }

    /// <summary>The unit the case was dispatched to, once known.</summary>
    public string? Unit { get; set; }

    public void Acknowledge(int version, string command, string node, TimeSpan at)
    {
        _acknowledged[version] = command;
        Version = Math.Max(Version, version);
        LastNode = node;
        LastAcknowledgedAt = at;
    }

    public void FoundCommitted(int version, string command)
    {
        _committedUnacknowledged[version] = command;
        Version = Math.Max(Version, version);
    }
}

/// <summary>Everything the load did and was told, for the checks after it stopped.</summary>
public sealed class Ledger
{
    private readonly ConcurrentDictionary<string, CaseLedger> _cases = new();
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly ConcurrentQueue<string> _gaveUp = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private int _replays;

    public IReadOnlyCollection<CaseLedger> Cases => [.. _cases.Values];

    public IReadOnlyList<Attempt> Attempts => [.. _attempts];

    /// <summary>Commands whose every attempt failed (the client's bound ran out): nothing was promised.</summary>
    public IReadOnlyList<string> GaveUp => [.. _gaveUp];

    /// <summary>Answers no correct node gives to this load (a 4xx other than the replay cases); each fails the checks.</summary>
    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    /// <summary>Reports sent again after their acknowledgement (as if the answer was lost) and answered 200 with the stored case.</summary>
    public int Replays => _replays;

    public void RecordReplay() => Interlocked.Increment(ref _replays);

    public int AcknowledgedReports => _cases.Values.Count(item => item.Acknowledged.ContainsKey(1));

    public int AcknowledgedSteps => _cases.Values.Sum(item => item.Acknowledged.Count(pair => pair.Key > 1));

    public CaseLedger Case(string id, string grid) => _cases.GetOrAdd(id, _ => new CaseLedger(id, grid));

    public void Record(Attempt attempt) => _attempts.Enqueue(attempt);

    public void RecordGaveUp(string command, string incidentId) =>
        _gaveUp.Enqueue($"{command} {incidentId} given up; its attempts: "
            + string.Join(" | ", _attempts.Where(attempt => attempt.Command == command && attempt.IncidentId == incidentId)));

    public void RecordUnexpected(string description) => _unexpected.Enqueue(description);

    /// <summary>Commands that succeeded only on a later attempt, with how many attempts they took.</summary>
    public IReadOnlyList<(string Command, string IncidentId, int Attempts)> Retried() =>
        Attempts
            .GroupBy(attempt => (attempt.Command, attempt.IncidentId))
            .Where(group => group.Count() > 1)
            .Select(group => (group.Key.Command, group.Key.IncidentId, group.Count()))
            .ToList();
}
