using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Silo.Storage;

/// <summary>One grain's persisted state: the serialized payload and the ETag that guards the next write.</summary>
public sealed record StoredGrainState(byte[] Payload, string ETag);

/// <summary>
/// A reminder as the silo asks to store it. <see cref="GrainHash"/> is the grain's uniform hash, so that
/// each silo can read the reminders of its own ring range without knowing grain ids.
/// </summary>
public sealed record ReminderRow(string GrainId, string ReminderName, uint GrainHash, DateTime StartAt, TimeSpan Period);

/// <summary>A stored reminder with the ETag that a later remove must present.</summary>
public sealed record StoredReminder(
    string GrainId,
    string ReminderName,
    uint GrainHash,
    DateTime StartAt,
    TimeSpan Period,
    string ETag);

/// <summary>
/// The project's one storage interface: incident events and projections, grain state with ETags and
/// the reminder table. Implemented once per SQL dialect (SQLite embedded, PostgreSQL in production);
/// both pass the same conformance tests, so Orleans adapters and grains never see the dialect.
/// </summary>
/// <remarks>Call <see cref="Initialize"/> once before any other member.</remarks>
public interface IRuleOfLawStore : IIncidentStore
{
    /// <summary>
    /// Creates the schema, or migrates it to the version this build knows. Idempotent, and safe
    /// when several nodes start at once.
    /// </summary>
    Task Initialize(CancellationToken cancellationToken = default);

    /// <summary>The state stored under <paramref name="stateName"/> for one grain, or null when none is.</summary>
    Task<StoredGrainState?> ReadGrainState(string stateName, string grainId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="payload"/> when the stored ETag still equals <paramref name="expectedETag"/>
    /// (null: nothing is stored yet) and returns the new ETag.
    /// </summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">Another writer changed the state first.</exception>
    Task<string> WriteGrainState(
        string stateName,
        string grainId,
        byte[] payload,
        string? expectedETag,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the stored state when its ETag still equals <paramref name="expectedETag"/>; with a null
    /// ETag it succeeds only when nothing is stored.
    /// </summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">Another writer changed the state first.</exception>
    Task ClearGrainState(string stateName, string grainId, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Every reminder of one grain in one service.</summary>
    Task<IReadOnlyList<StoredReminder>> ReadReminders(string serviceId, string grainId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The reminders whose grain hash lies in the ring range (<paramref name="beginHash"/>, <paramref name="endHash"/>].
    /// When begin is not below end the range wraps around zero: hash &gt; begin or hash &lt;= end
    /// (begin equal to end is the whole ring).
    /// </summary>
    Task<IReadOnlyList<StoredReminder>> ReadRemindersInRange(
        string serviceId,
        uint beginHash,
        uint endHash,
        CancellationToken cancellationToken = default);

    /// <summary>One reminder, or null when it does not exist.</summary>
    Task<StoredReminder?> ReadReminder(string serviceId, string grainId, string reminderName, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces a reminder and returns its new ETag.</summary>
    Task<string> UpsertReminder(string serviceId, ReminderRow reminder, CancellationToken cancellationToken = default);

    /// <summary>Removes a reminder if its ETag still matches; false when it is gone or was changed since.</summary>
    Task<bool> RemoveReminder(
        string serviceId,
        string grainId,
        string reminderName,
        string eTag,
        CancellationToken cancellationToken = default);

    /// <summary>Removes every reminder of one service (Orleans' test-only table reset).</summary>
    Task ClearReminders(string serviceId, CancellationToken cancellationToken = default);
}
