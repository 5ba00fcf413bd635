namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// One appended incident event as stored: the payload is the event serialized as JSON, sealed into
/// its incident's audit chain by <paramref name="Hash"/> over <paramref name="PreviousHash"/> and the
/// event's content (<see cref="AuditChain"/>).
/// </summary>
public sealed record StoredEvent(int Version, string Type, string Payload, DateTimeOffset RecordedAt, string PreviousHash, string Hash);

/// <summary>
/// The read model row of one incident, written in the same transaction as its events so that
/// grids and areas can rebuild their counters after a crash without replaying every incident.
/// <paramref name="TallyJson"/> is the case's assessment tally (<c>CaseTally</c>) with the scopes it is
/// attributed to (<paramref name="AssessedUnitId"/>, <paramref name="ReporterId"/>), so that the
/// assessment is exact after a crash too: it is rebuilt from these rows, never from a nightly job.
/// </summary>
public sealed record IncidentProjection(
    string IncidentId,
    string GridCode,
    int Version,
    string State,
    string Category,
    bool IsOpen,
    string SummaryJson,
    DateTimeOffset UpdatedAt,
    string? AssignedUnitId = null,
    string? TallyJson = null,
    string? AssessedUnitId = null,
    string? ReporterId = null);

/// <summary>Which cases' tallies a scope of the assessment is built from.</summary>
public enum TallyScope
{
    /// <summary>Cases whose grid code starts with the key (a grid, community, street or district code).</summary>
    Area,

    /// <summary>Cases attributed to the unit named by the key: the unit they are, or were last, dispatched to.</summary>
    Unit,

    /// <summary>Cases reported by the user named by the key.</summary>
    Person,
}

/// <summary>One case's assessment tally as stored beside its projection, at the projection's version.</summary>
public sealed record StoredTally(string IncidentId, int Version, string TallyJson);

/// <summary>How many incidents of one state and category lie under one area code.</summary>
public sealed record AreaStateCount(string AreaCode, string State, string Category, int Count);

/// <summary>
/// Durable home of incident events (append-only, unique per incident and version) and of their
/// projection. Implemented once per SQL dialect (SQLite embedded, PostgreSQL in production);
/// the grains depend only on this interface.
/// </summary>
public interface IIncidentStore
{
    /// <summary>All events of one incident in version order; empty when it was never reported.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadEvents(string incidentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="events"/> (versions expectedVersion+1 …) and upserts the projection in
    /// one transaction. Returns false, changing nothing, when the incident's current version is not
    /// <paramref name="expectedVersion"/> (another writer got there first). The caller seals the
    /// events; the store keeps their seals exactly and refuses events that are not sealed.
    /// </summary>
    Task<bool> Append(
        string incidentId,
        int expectedVersion,
        IReadOnlyList<StoredEvent> events,
        IncidentProjection projection,
        CancellationToken cancellationToken = default);

    /// <summary>The projections of the open incidents of one grid.</summary>
    Task<IReadOnlyList<IncidentProjection>> ReadOpenInGrid(string gridCode, CancellationToken cancellationToken = default);

    /// <summary>The projections of the open incidents currently assigned to one unit (its work queue).</summary>
    Task<IReadOnlyList<IncidentProjection>> ReadOpenAssignedTo(string unitId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The projections of the cases one user reported, open or not (merged ones included), most
    /// recently changed first, at most <paramref name="limit"/>: a reporter's own list.
    /// </summary>
    Task<IReadOnlyList<IncidentProjection>> ReadReportedBy(string userId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stored tallies of the cases of one scope (rows written before tallies existed have none
    /// and are left out), in incident id order.
    /// </summary>
    Task<IReadOnlyList<StoredTally>> ReadTallies(TallyScope scope, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts of every incident under <paramref name="areaCodePrefix"/>, grouped by the first
    /// <paramref name="groupCodeLength"/> digits of the grid code, state and category.
    /// </summary>
    Task<IReadOnlyList<AreaStateCount>> CountUnder(
        string areaCodePrefix,
        int groupCodeLength,
        CancellationToken cancellationToken = default);
}
