namespace RuleOfLaw.Grains.Privacy;

/// <summary>The reads of one case's restricted fields, keyed by the case's id; kept for supervision.</summary>
[Alias("RuleOfLaw.Grains.Privacy.IRestrictedReadLogGrain")]
public interface IRestrictedReadLogGrain : IGrainWithStringKey
{
    /// <summary>Stores the read durably; only then may the fields be handed out.</summary>
    [Alias("Record")]
    Task Record(RestrictedRead read);

    [Alias("Reads")]
    Task<IReadOnlyList<RestrictedRead>> Reads();
}

[GenerateSerializer, Alias("RuleOfLaw.Grains.Privacy.RestrictedReadLog")]
public sealed class RestrictedReadLog
{
    [Id(0)]
    public List<RestrictedRead> Reads { get; set; } = [];
}

/// <summary>
/// A log of its own rather than events of the case: reading is not a step of the closed loop,
/// must not bump the case's version or push deltas to every dashboard, and is itself restricted
/// to those who supervise (the accountability packet lists it).
/// </summary>
public sealed class RestrictedReadLogGrain(
    [PersistentState("restricted-reads")] IPersistentState<RestrictedReadLog> log) : Grain, IRestrictedReadLogGrain
{
    public async Task Record(RestrictedRead read)
    {
        log.State.Reads.Add(read);
        try
        {
            await log.WriteStateAsync();
        }
        catch
        {
            // Not stored means not recorded: the caller gets no fields, and the list held here
            // must not claim a read that the store never saw.
            log.State.Reads.RemoveAt(log.State.Reads.Count - 1);
            throw;
        }
    }

    public Task<IReadOnlyList<RestrictedRead>> Reads() => Task.FromResult<IReadOnlyList<RestrictedRead>>(log.State.Reads.ToList());
}
