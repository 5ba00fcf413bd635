using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using RuleOfLaw.Grains.Incidents;
using static RuleOfLaw.Silo.Storage.StoreConventions;

namespace RuleOfLaw.Silo.Storage;

/// <summary>
/// The embedded dialect: one SQLite file in WAL mode with full sync, so a single node needs no
/// database server and still loses nothing it acknowledged. Connections are pooled by
/// Microsoft.Data.Sqlite; every write runs in a <c>BEGIN IMMEDIATE</c> transaction, which takes
/// SQLite's single write lock up front so that concurrent writers queue (busy timeout) instead of
/// failing on a lock upgrade half-way through.
/// </summary>
public sealed partial class SqliteStore : IRuleOfLawStore, IDisposable
{
    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqliteStore> _logger;

    private readonly GroupCommitter<PendingAppend, bool> _appender;

    /// <summary>
    /// Every step that moves a case's deadline moves its reminder: under load these upserts share
    /// one durable commit like the events do, instead of a flush each.
    /// </summary>
    private readonly GroupCommitter<PendingReminder, string> _reminderWriter;

    public SqliteStore(IOptions<StorageOptions> options, TimeProvider timeProvider, ILogger<SqliteStore> logger)
    {
        var storage = options.Value;
        if (string.IsNullOrWhiteSpace(storage.DataDirectory) || string.IsNullOrWhiteSpace(storage.FileName))
        {
            throw new OptionsValidationException(
                StorageOptions.SectionName,
                typeof(StorageOptions),
                [$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)} and {nameof(StorageOptions.FileName)} must name the database file."]);
        }

        DatabasePath = storage.DatabasePath;
        _timeProvider = timeProvider;
        _logger = logger;
        _connectionString = ConnectionString(DatabasePath, storage.BusyTimeout);
        _connectionPragmas = SqliteSql.ConnectionPragmas((int)storage.BusyTimeout.TotalMilliseconds);
        _appender = new GroupCommitter<PendingAppend, bool>(WriteAppends, MaxAppendsPerCommit);
        _reminderWriter = new GroupCommitter<PendingReminder, string>(WriteReminders, MaxAppendsPerCommit);
    }

    /// <summary>
    /// Large enough that a burst shares few flushes, small enough that one transaction never
    /// holds the write lock for long.
    /// </summary>
    private const int MaxAppendsPerCommit = 512;

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>How every SQLite file of the node is opened: created when missing, pooled, waiting for a busy writer.</summary>
    public static string ConnectionString(string path, TimeSpan busyTimeout) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        // Microsoft.Data.Sqlite also retries busy statements until the command timeout.
        DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
    }.ToString();

    public async Task Initialize(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await Open(cancellationToken);

        // The journal mode cannot change inside a transaction, so it goes first.
        var journalMode = await Scalar<string>(connection, null, SqliteSql.EnableWriteAheadLog, cancellationToken);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            LogWriteAheadLogUnavailable(DatabasePath, journalMode);
        }

        // The write lock makes nodes that start together migrate one after the other.
        await using var transaction = BeginWrite(connection);
        await Execute(connection, transaction, SqliteSql.CreateSchemaVersionTable, cancellationToken);
        var current = (int)await Scalar<long>(connection, transaction, SqliteSql.ReadSchemaVersion, cancellationToken);
        if (current > SqliteSql.SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The database {DatabasePath} has schema version {current}, newer than the {SqliteSql.SchemaVersion} this build knows; run a newer build.");
        }

        foreach (var (version, sql) in SqliteSql.Migrations.Where(migration => migration.Version > current))
        {
            await Execute(connection, transaction, sql, cancellationToken);
            if (version == SqliteSql.AuditChainSchemaVersion)
            {
                var sealedCount = await SealEventsWrittenBeforeTheChain(connection, transaction, cancellationToken);
                if (sealedCount > 0)
                {
                    LogEventsSealed(DatabasePath, sealedCount);
                }
            }

            await Execute(
                connection,
                transaction,
                SqliteSql.RecordSchemaVersion,
                cancellationToken,
                ("@version", version),
                ("@applied_at", FormatTimestamp(_timeProvider.GetUtcNow())));
        }

        await transaction.CommitAsync(cancellationToken);
        if (current < SqliteSql.SchemaVersion)
        {
            LogSchemaMigrated(DatabasePath, current, SqliteSql.SchemaVersion);
        }
        else
        {
            LogSchemaCurrent(DatabasePath, current);
        }
    }

    /// <summary>The dialect's half of <see cref="AuditBackfill"/>: reads pages and writes seals in the migration's transaction.</summary>
    private static Task<int> SealEventsWrittenBeforeTheChain(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken) =>
        AuditBackfill.Run(
            async (afterIncidentId, afterVersion, token) =>
            {
                await using var command = Command(
                    connection, transaction, SqliteSql.ReadUnsealedPage,
                    ("@after_incident_id", afterIncidentId), ("@after_version", afterVersion), ("@limit", AuditBackfill.PageSize));
                return await ReadRows(command, UnsealedRow, token);
            },
            async (seals, token) =>
            {
                await using var update = Command(
                    connection, transaction, SqliteSql.WriteSeal,
                    ("@incident_id", null), ("@version", null), ("@previous_hash", null), ("@hash", null));
                foreach (var seal in seals)
                {
                    Set(update, ("@incident_id", seal.IncidentId), ("@version", seal.Version), ("@previous_hash", seal.PreviousHash), ("@hash", seal.Hash));
                    await update.ExecuteNonQueryAsync(token);
                }
            },
            cancellationToken);

    public async Task<IReadOnlyList<StoredEvent>> ReadEvents(string incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForRead(cancellationToken);
        await using var command = Command(connection, null, SqliteSql.ReadEvents, ("@incident_id", incidentId));
        return await ReadRows(command, EventRow, cancellationToken);
    }

    /// <summary>
    /// Appends go through one writer that commits whatever has queued up in a single transaction
    /// (group commit): with synchronous=FULL every commit costs a disk flush, so a thousand
    /// concurrent reports share a few flushes instead of queueing for a thousand. Each append is
    /// still checked against its expected version on its own and acknowledged only after the
    /// commit that holds it.
    /// </summary>
    public Task<bool> Append(
        string incidentId,
        int expectedVersion,
        IReadOnlyList<StoredEvent> events,
        IncidentProjection projection,
        CancellationToken cancellationToken = default)
    {
        ValidateAppend(incidentId, expectedVersion, events, projection);
        return _appender.Enqueue(new PendingAppend(incidentId, expectedVersion, events, projection), cancellationToken);
    }

    /// <summary>Writes one group of appends in one transaction; the outcome of each, in order.</summary>
    private async Task<bool[]> WriteAppends(IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        await using var transaction = BeginWrite(connection);
        await using var readVersion = Command(connection, transaction, SqliteSql.ReadCurrentVersion, ("@incident_id", null));
        await using var insertEvent = Command(
            connection, transaction, SqliteSql.InsertEvent,
            ("@incident_id", null), ("@version", null), ("@type", null), ("@payload", null), ("@recorded_at", null),
            ("@previous_hash", null), ("@hash", null));
        await using var upsertProjection = Command(
            connection, transaction, SqliteSql.UpsertProjection,
            ("@incident_id", null), ("@grid_code", null), ("@version", null), ("@state", null), ("@category", null),
            ("@is_open", null), ("@summary_json", null), ("@updated_at", null), ("@assigned_unit", null),
            ("@tally_json", null), ("@assessed_unit", null), ("@reported_by", null));

        // Versions written earlier in this batch are not visible to a fresh read of another
        // incident, but are to this one (same transaction); the map keeps the check cheap.
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        var outcomes = new bool[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var append = batch[i];
            if (!versions.TryGetValue(append.IncidentId, out var current))
            {
                readVersion.Parameters["@incident_id"].Value = append.IncidentId;
                current = (int)(long)(await readVersion.ExecuteScalarAsync(cancellationToken))!;
            }

            if (current != append.ExpectedVersion)
            {
                LogAppendConflict(append.IncidentId, append.ExpectedVersion, current);
                versions[append.IncidentId] = current;
                continue;
            }

            foreach (var stored in append.Events)
            {
                Set(insertEvent, ("@incident_id", append.IncidentId), ("@version", stored.Version), ("@type", stored.Type),
                    ("@payload", stored.Payload), ("@recorded_at", FormatTimestamp(stored.RecordedAt)),
                    ("@previous_hash", stored.PreviousHash), ("@hash", stored.Hash));
                await insertEvent.ExecuteNonQueryAsync(cancellationToken);
            }

            var projection = append.Projection;
            Set(upsertProjection, ("@incident_id", projection.IncidentId), ("@grid_code", projection.GridCode), ("@version", projection.Version),
                ("@state", projection.State), ("@category", projection.Category), ("@is_open", projection.IsOpen ? 1 : 0),
                ("@summary_json", projection.SummaryJson), ("@updated_at", FormatTimestamp(projection.UpdatedAt)),
                ("@assigned_unit", projection.AssignedUnitId), ("@tally_json", projection.TallyJson),
                ("@assessed_unit", projection.AssessedUnitId), ("@reported_by", projection.ReporterId));
            await upsertProjection.ExecuteNonQueryAsync(cancellationToken);
            versions[append.IncidentId] = append.Events[^1].Version;
            outcomes[i] = true;
        }

        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private static void Set(SqliteCommand command, params ReadOnlySpan<(string Name, object? Value)> values)
    {
        foreach (var (name, value) in values)
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }
    }

    public Task<IReadOnlyList<IncidentProjection>> ReadOpenInGrid(string gridCode, CancellationToken cancellationToken = default) =>
        ReadProjections(SqliteSql.ReadOpenInGrid, ("@grid_code", gridCode), cancellationToken);

    public Task<IReadOnlyList<IncidentProjection>> ReadOpenAssignedTo(string unitId, CancellationToken cancellationToken = default) =>
        ReadProjections(SqliteSql.ReadOpenAssignedTo, ("@assigned_unit", unitId), cancellationToken);

    public async Task<IReadOnlyList<IncidentProjection>> ReadReportedBy(string userId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenForRead(cancellationToken);
        await using var command = Command(connection, null, SqliteSql.ReadReportedBy, ("@reported_by", userId), ("@limit", limit));
        return await ReadRows(command, ProjectionRow, cancellationToken);
    }

    private async Task<IReadOnlyList<IncidentProjection>> ReadProjections(
        string sql, (string Name, object? Value) parameter, CancellationToken cancellationToken)
    {
        await using var connection = await OpenForRead(cancellationToken);
        await using var command = Command(connection, null, sql, parameter);
        return await ReadRows(command, ProjectionRow, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredTally>> ReadTallies(TallyScope scope, string key, CancellationToken cancellationToken = default)
    {
        ValidateTallyScope(scope, key);
        await using var connection = await OpenForRead(cancellationToken);
        await using var command = scope switch
        {
            TallyScope.Area => Command(connection, null, SqliteSql.ReadTalliesUnderPrefix, ("@prefix", key), ("@prefix_end", PrefixUpperBound(key))),
            TallyScope.Unit => Command(connection, null, SqliteSql.ReadTalliesOfUnit, ("@key", key)),
            _ => Command(connection, null, SqliteSql.ReadTalliesOfPerson, ("@key", key)),
        };
        return await ReadRows(command, TallyRow, cancellationToken);
    }

    public async Task<IReadOnlyList<AreaStateCount>> CountUnder(
        string areaCodePrefix,
        int groupCodeLength,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(areaCodePrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCodeLength, 1);
        if (!areaCodePrefix.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("An area code prefix consists of digits only.", nameof(areaCodePrefix));
        }

        await using var connection = await OpenForRead(cancellationToken);
        await using var command = areaCodePrefix.Length == 0
            ? Command(connection, null, SqliteSql.CountAll, ("@group_length", groupCodeLength))
            : Command(
                connection,
                null,
                SqliteSql.CountUnderPrefix,
                ("@group_length", groupCodeLength),
                ("@prefix", areaCodePrefix),
                ("@prefix_end", PrefixUpperBound(areaCodePrefix)));
        return await ReadRows(command, CountRow, cancellationToken);
    }

    public async Task<StoredGrainState?> ReadGrainState(string stateName, string grainId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForRead(cancellationToken);
        await using var command = Command(
            connection,
            null,
            SqliteSql.ReadGrainState,
            ("@state_name", stateName),
            ("@grain_id", grainId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredGrainState(reader.GetFieldValue<byte[]>(0), reader.GetString(1))
            : null;
    }

    public async Task<string> WriteGrainState(
        string stateName,
        string grainId,
        byte[] payload,
        string? expectedETag,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var newETag = NewETag();

        await using var connection = await Open(cancellationToken);
        await using var transaction = BeginWrite(connection);
        var written = expectedETag is null
            ? await Execute(
                connection,
                transaction,
                SqliteSql.InsertGrainState,
                cancellationToken,
                ("@state_name", stateName),
                ("@grain_id", grainId),
                ("@payload", payload),
                ("@etag", newETag))
            : await Execute(
                connection,
                transaction,
                SqliteSql.UpdateGrainState,
                cancellationToken,
                ("@state_name", stateName),
                ("@grain_id", grainId),
                ("@payload", payload),
                ("@etag", newETag),
                ("@expected_etag", expectedETag));
        if (written == 0)
        {
            throw await GrainStateConflict(connection, transaction, "write", stateName, grainId, expectedETag, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return newETag;
    }

    public async Task ClearGrainState(string stateName, string grainId, string? expectedETag, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken);
        await using var transaction = BeginWrite(connection);
        if (expectedETag is null)
        {
            // Clearing what was never written is a no-op, but a caller that believes nothing is
            // stored while something is has missed a write.
            if (await ReadETag(connection, transaction, stateName, grainId, cancellationToken) is not null)
            {
                throw await GrainStateConflict(connection, transaction, "clear", stateName, grainId, expectedETag, cancellationToken);
            }

            return;
        }

        var deleted = await Execute(
            connection,
            transaction,
            SqliteSql.DeleteGrainState,
            cancellationToken,
            ("@state_name", stateName),
            ("@grain_id", grainId),
            ("@expected_etag", expectedETag));
        if (deleted == 0)
        {
            throw await GrainStateConflict(connection, transaction, "clear", stateName, grainId, expectedETag, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredReminder>> ReadReminders(string serviceId, string grainId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForRead(cancellationToken);
        await using var command = Command(
            connection,
            null,
            SqliteSql.ReadRemindersOfGrain,
            ("@service_id", serviceId),
            ("@grain_id", grainId));
        return await ReadReminderRows(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredReminder>> ReadRemindersInRange(
        string serviceId,
        uint beginHash,
        uint endHash,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForRead(cancellationToken);
        await using var command = Command(
            connection,
            null,
            beginHash < endHash ? SqliteSql.ReadRemindersInRange : SqliteSql.ReadRemindersInWrappedRange,
            ("@service_id", serviceId),
            ("@begin_hash", (long)beginHash),
            ("@end_hash", (long)endHash));
        return await ReadReminderRows(command, cancellationToken);
    }

    public async Task<StoredReminder?> ReadReminder(
        string serviceId,
        string grainId,
        string reminderName,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForRead(cancellationToken);
        await using var command = Command(
            connection,
            null,
            SqliteSql.ReadReminder,
            ("@service_id", serviceId),
            ("@grain_id", grainId),
            ("@reminder_name", reminderName));
        var rows = await ReadReminderRows(command, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<string> UpsertReminder(string serviceId, ReminderRow reminder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return _reminderWriter.Enqueue(new PendingReminder(serviceId, reminder), cancellationToken);
    }

    /// <summary>Writes one group of reminder upserts in one transaction; the new ETag of each, in order.</summary>
    private async Task<string[]> WriteReminders(IReadOnlyList<PendingReminder> batch, CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        await using var transaction = BeginWrite(connection);
        await using var upsert = Command(
            connection, transaction, SqliteSql.UpsertReminder,
            ("@service_id", null), ("@grain_id", null), ("@reminder_name", null), ("@grain_hash", null),
            ("@start_time", null), ("@period", null), ("@etag", null));
        var eTags = new string[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var (serviceId, reminder) = batch[i];
            eTags[i] = NewETag();
            Set(upsert, ("@service_id", serviceId), ("@grain_id", reminder.GrainId), ("@reminder_name", reminder.ReminderName),
                ("@grain_hash", (long)reminder.GrainHash), ("@start_time", ToUtcTicks(reminder.StartAt)), ("@period", reminder.Period.Ticks),
                ("@etag", eTags[i]));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return eTags;
    }

    public async Task<bool> RemoveReminder(
        string serviceId,
        string grainId,
        string reminderName,
        string eTag,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken);
        await using var transaction = BeginWrite(connection);
        var deleted = await Execute(
            connection,
            transaction,
            SqliteSql.DeleteReminder,
            cancellationToken,
            ("@service_id", serviceId),
            ("@grain_id", grainId),
            ("@reminder_name", reminderName),
            ("@etag", eTag));
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    public async Task ClearReminders(string serviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken);
        await using var transaction = BeginWrite(connection);
        await Execute(connection, transaction, SqliteSql.DeleteRemindersOfService, cancellationToken, ("@service_id", serviceId));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Closes the pooled connections to this file, so that a closed store leaves no handles open.</summary>
    public void Dispose()
    {
        _appender.Dispose();
        _reminderWriter.Dispose();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// Readers need neither the sync level (it governs commits) nor the busy timeout (WAL readers
    /// never wait for the writer), so they skip the per-connection pragmas: one statement fewer
    /// on every read, which on the report path is the new incident's look-up of its history.
    /// </summary>
    private Task<SqliteConnection> OpenForRead(CancellationToken cancellationToken) => Open(cancellationToken, forWriting: false);

    private async Task<SqliteConnection> Open(CancellationToken cancellationToken, bool forWriting = true)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (forWriting)
            {
                await Execute(connection, null, _connectionPragmas, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <c>BEGIN IMMEDIATE</c> (deferred: false): the write lock is taken at the start, so two writers
    /// never both read and then deadlock upgrading to write; the second waits for the first.
    /// </summary>
    private static SqliteTransaction BeginWrite(SqliteConnection connection) =>
        connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);

    private static SqliteCommand Command(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task<int> Execute(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> Scalar<T>(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture)!;
    }

    private static async Task<string?> ReadETag(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string stateName,
        string grainId,
        CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection,
            transaction,
            SqliteSql.ReadGrainStateETag,
            ("@state_name", stateName),
            ("@grain_id", grainId));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<InconsistentStateException> GrainStateConflict(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string operation,
        string stateName,
        string grainId,
        string? expectedETag,
        CancellationToken cancellationToken)
    {
        var storedETag = await ReadETag(connection, transaction, stateName, grainId, cancellationToken);
        LogGrainStateConflict(operation, stateName, grainId, expectedETag, storedETag);
        return new InconsistentStateException(
            $"Could not {operation} state '{stateName}' of grain {grainId}: it was changed by another writer.",
            storedETag ?? "(none)",
            expectedETag ?? "(none)");
    }

    private static async Task<IReadOnlyList<StoredReminder>> ReadReminderRows(SqliteCommand command, CancellationToken cancellationToken)
    {
        return await ReadRows(command, StoredReminderRow, cancellationToken);
    }

    private sealed record PendingAppend(string IncidentId, int ExpectedVersion, IReadOnlyList<StoredEvent> Events, IncidentProjection Projection);

    private sealed record PendingReminder(string ServiceId, ReminderRow Reminder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage schema of {DatabasePath} migrated from version {FromVersion} to {ToVersion}")]
    private partial void LogSchemaMigrated(string databasePath, int fromVersion, int toVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit chain of {DatabasePath} starts now: sealed {EventCount} incident events written before it")]
    private partial void LogEventsSealed(string databasePath, int eventCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storage schema of {DatabasePath} is current at version {SchemaVersion}")]
    private partial void LogSchemaCurrent(string databasePath, int schemaVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite database {DatabasePath} stays in journal mode {JournalMode}: WAL is unavailable on this file system, so readers wait for writers")]
    private partial void LogWriteAheadLogUnavailable(string databasePath, string journalMode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Append to incident {IncidentId} expected version {ExpectedVersion} but found {CurrentVersion}: another writer got there first")]
    private partial void LogAppendConflict(string incidentId, int expectedVersion, int currentVersion);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain state {Operation} of {StateName} for {GrainId} expected ETag {ExpectedETag} but storage holds {StoredETag}")]
    private partial void LogGrainStateConflict(string operation, string stateName, string grainId, string? expectedETag, string? storedETag);
}
