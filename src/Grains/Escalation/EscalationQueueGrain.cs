namespace RuleOfLaw.Grains.Escalation;

/// <summary>
/// The queue of escalated cases of one level above the grid (a community, street or the district)
/// or of one department; keyed by <see cref="EscalationQueues.OfArea"/> or <see cref="EscalationQueues.OfUnit"/>.
/// </summary>
[Alias("RuleOfLaw.Grains.Escalation.IEscalationQueueGrain")]
public interface IEscalationQueueGrain : IGrainWithStringKey
{
    /// <summary>Sets this case's entries in the queue to exactly <paramref name="entries"/> (none: the case leaves); idempotent.</summary>
    [Alias("Put")]
    Task Put(string incidentId, IReadOnlyList<EscalationEntry> entries);

    /// <summary>The queue, highest rung first, then the longest overdue.</summary>
    [Alias("Entries")]
    Task<IReadOnlyList<EscalationEntry>> Entries();
}

[GenerateSerializer, Alias("RuleOfLaw.Grains.Escalation.EscalationQueueState")]
public sealed class EscalationQueueState
{
    [Id(0)]
    public Dictionary<string, EscalationEntry> Entries { get; set; } = [];
}

/// <summary>
/// Stored as grain state: escalations are rare next to steps, and a queue must survive a restart
/// without replaying every case. The case re-puts its entries with every later change, so a put
/// lost with a node is made good by the case's next step or tick.
/// </summary>
public sealed class EscalationQueueGrain([PersistentState("escalations")] IPersistentState<EscalationQueueState> stored)
    : Grain, IEscalationQueueGrain
{
    public async Task Put(string incidentId, IReadOnlyList<EscalationEntry> entries)
    {
        var held = stored.State.Entries.Where(pair => pair.Value.IncidentId == incidentId).ToList();
        var changed = held.Count != entries.Count || entries.Any(entry => !stored.State.Entries.TryGetValue(entry.Slot, out var old) || old != entry);
        if (!changed)
        {
            return;
        }

        foreach (var (slot, _) in held)
        {
            stored.State.Entries.Remove(slot);
        }

        foreach (var entry in entries)
        {
            stored.State.Entries[entry.Slot] = entry;
        }

        await stored.WriteStateAsync();
    }

    public Task<IReadOnlyList<EscalationEntry>> Entries() =>
        Task.FromResult<IReadOnlyList<EscalationEntry>>(
            [.. stored.State.Entries.Values.OrderByDescending(entry => entry.Level).ThenBy(entry => entry.DueAt).ThenBy(entry => entry.IncidentId, StringComparer.Ordinal)]);
}
