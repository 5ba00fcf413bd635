namespace RuleOfLaw.Grains.Queues;

/// <summary>One line of a queue that cases put themselves into: which case, and which of its slots.</summary>
public interface ICaseQueueEntry<TEntry> : IComparable<TEntry>
{
    string IncidentId { get; }

    /// <summary>The case's own key for the line (one per clock run, order or summons): a later put replaces it.</summary>
    string Slot { get; }
}

/// <summary>
/// A queue of lines that cases keep for themselves: an escalation queue of a level above the grid,
/// a leader's supervision queue, a department's summonses. The case computes its lines from its
/// record and puts them after each change, so the queue holds no rule of its own.
/// </summary>
[Alias("RuleOfLaw.Grains.Queues.ICaseQueueGrain`1")]
public interface ICaseQueueGrain<TEntry> : IGrainWithStringKey
    where TEntry : ICaseQueueEntry<TEntry>
{
    /// <summary>Sets this case's lines to exactly <paramref name="entries"/> (none: the case leaves); idempotent.</summary>
    [Alias("Put")]
    Task Put(string incidentId, IReadOnlyList<TEntry> entries);

    /// <summary>Every line, in the entry type's order.</summary>
    [Alias("Entries")]
    Task<IReadOnlyList<TEntry>> Entries();
}

[GenerateSerializer, Alias("RuleOfLaw.Grains.Queues.CaseQueueState`1")]
public sealed class CaseQueueState<TEntry>
{
    [Id(0)]
    public Dictionary<string, TEntry> Entries { get; set; } = [];
}

/// <summary>
/// Stored as grain state: these queues change far less often than cases step, and must survive a
/// restart without replaying every case. A put that fails is made again by the case until taken; a
/// case that leaves always puts its empty list.
/// </summary>
public sealed class CaseQueueGrain<TEntry>([PersistentState("case-queue")] IPersistentState<CaseQueueState<TEntry>> stored)
    : Grain, ICaseQueueGrain<TEntry>
    where TEntry : ICaseQueueEntry<TEntry>
{
    public async Task Put(string incidentId, IReadOnlyList<TEntry> entries)
    {
        var held = stored.State.Entries.Where(pair => pair.Value.IncidentId == incidentId).Select(pair => pair.Key).ToList();
        var unchanged = held.Count == entries.Count
            && entries.All(entry => stored.State.Entries.TryGetValue(entry.Slot, out var old) && Equals(old, entry));
        if (unchanged)
        {
            return;
        }

        foreach (var slot in held)
        {
            stored.State.Entries.Remove(slot);
        }

        foreach (var entry in entries)
        {
            stored.State.Entries[entry.Slot] = entry;
        }

        try
        {
            await stored.WriteStateAsync();
        }
        catch
        {
            // Held as stored, so that the caller's retry of the same lines is not taken for "unchanged".
            await stored.ReadStateAsync();
            throw;
        }
    }

    public Task<IReadOnlyList<TEntry>> Entries() =>
        Task.FromResult<IReadOnlyList<TEntry>>([.. stored.State.Entries.Values.Order()]);
}
