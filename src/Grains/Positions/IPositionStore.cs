namespace RuleOfLaw.Grains.Positions;

/// <summary>One fix of one subject as stored, with the area the subject belongs to (for area snapshots).</summary>
public sealed record StoredFix(string Subject, string HomeArea, PositionFix Fix);

/// <summary>
/// Where tracks are kept: apart from the incident events (the embedded store uses a file of its
/// own), so that the high-rate stream never takes the case store's write lock. Appends are
/// idempotent per subject and instant taken, so a batch written again after a failure adds nothing.
/// </summary>
public interface IPositionStore
{
    /// <summary>Creates or migrates the schema; idempotent, safe when several nodes start at once.</summary>
    Task Initialize(CancellationToken cancellationToken = default);

    /// <summary>Stores a batch in one transaction.</summary>
    Task Append(IReadOnlyList<StoredFix> fixes, CancellationToken cancellationToken = default);

    /// <summary>The subject's fixes taken in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<PositionFix>> Track(string subject, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default);

    /// <summary>The subject's newest stored fix, or null when none is kept.</summary>
    Task<StoredFix?> Last(string subject, CancellationToken cancellationToken = default);

    /// <summary>The newest stored fix of each subject whose home area is <paramref name="area"/> or lies under it, taken since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<StoredFix>> Latest(string area, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every fix taken in [from, to) by a subject whose home area is <paramref name="area"/> or lies
    /// under it (what patrol coverage is measured from), at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<StoredFix>> InArea(string area, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes the fixes taken before <paramref name="cutoff"/>; returns how many went.</summary>
    Task<int> DeleteBefore(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
