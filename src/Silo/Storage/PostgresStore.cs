using System.Globalization;
using Npgsql;
using Orleans.Storage;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using static RuleOfLaw.Silo.Storage.StoreConventions;

namespace RuleOfLaw.Silo.Storage;

/// <summary>What one run of the migrations did: the version found, the version left, and the files applied.</summary>
public sealed record SchemaMigration(int FromVersion, int ToVersion, IReadOnlyList<string> Applied);

/// <summary>
/// The production dialect: the system of record for several nodes. Connections come from one
/// pooled <see cref="NpgsqlDataSource"/>; single-row writes are single statements (autocommit),
/// whose unique keys and ETag conditions decide races between nodes; incident appends share a
/// transaction per group commit like the SQLite dialect. Anything that means "the server cannot be
/// reached" surfaces as <see cref="StoreUnavailableException"/>, never as a driver exception, and
/// nothing is acknowledged before its commit returned.
/// </summary>
public sealed partial class PostgresStore : IRuleOfLawStore, IDisposable, IAsyncDisposable
{
    /// <summary>
    /// A round trip costs more than in SQLite, so batches matter; bounded so that one transaction
    /// holds few row locks and one failure fails few callers.
    /// </summary>
    private const int MaxAppendsPerCommit = 256;

    /// <summary>
    /// A batch is written again when a writer on another node took one of its versions in between;
    /// each retry reads that writer's commit, so a second attempt settles it unless new racers keep
    /// coming, which one grain activation per incident makes rare.
    /// </summary>
    private const int MaxAppendAttempts = 5;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PostgresStore> _logger;
    private readonly GroupCommitter<PendingAppend, bool> _appender;

    public PostgresStore(string connectionString, TimeProvider timeProvider, ILogger<PostgresStore> logger)
    {
        var builder = ConnectionStringBuilder(connectionString);
        Server = Describe(builder);
        _timeProvider = timeProvider;
        _logger = logger;
        _dataSource = NpgsqlDataSource.Create(builder);
        _appender = new GroupCommitter<PendingAppend, bool>(WriteAppends, MaxAppendsPerCommit);
    }

    /// <summary>The server as an operator names it, for messages and logs: host:port and database, never credentials.</summary>
    public string Server { get; }

    /// <summary>
    /// Parses a connection string and names the node in <c>pg_stat_activity</c> unless the operator
    /// did; an unparseable string is an <see cref="ArgumentException"/> naming the bad part.
    /// </summary>
    public static NpgsqlConnectionStringBuilder ConnectionStringBuilder(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "RuleOfLaw";
        }

        return builder;
    }

    /// <summary>"PostgreSQL at host:port (database name)": what a one-line error names.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"PostgreSQL at {builder.Host ?? "localhost"}:{builder.Port} (database {builder.Database ?? builder.Username ?? "(default)"})";

    public async Task Initialize(CancellationToken cancellationToken = default)
    {
        var migration = await Migrate(cancellationToken);
        if (migration.Applied.Count > 0)
        {
            LogSchemaMigrated(Server, migration.FromVersion, migration.ToVersion, string.Join(", ", migration.Applied));
        }
        else
        {
            LogSchemaCurrent(Server, migration.ToVersion);
        }
    }

    /// <summary>
    /// Brings the schema to <see cref="PostgresSql.SchemaVersion"/>: every embedded migration above
    /// the recorded version, in one transaction under an advisory lock, so that nodes starting
    /// together apply each file exactly once and a failed migration leaves nothing half-done
    /// (PostgreSQL's DDL is transactional).
    /// </summary>
    /// <exception cref="InvalidOperationException">The database is at a newer version than this build knows.</exception>
    public Task<SchemaMigration> Migrate(CancellationToken cancellationToken = default) =>
        Run(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            await Execute(connection, transaction, PostgresSql.LockSchema, token);
            await Execute(connection, transaction, PostgresSql.CreateSchemaVersionTable, token);
            var current = await Scalar<int>(connection, transaction, PostgresSql.ReadSchemaVersion, token);
            if (current > PostgresSql.SchemaVersion)
            {
                throw new InvalidOperationException(
                    $"{Server} has schema version {current}, newer than the {PostgresSql.SchemaVersion} this build knows; run a newer build.");
            }

            var applied = new List<string>();
            foreach (var migration in PostgresSql.Migrations.Where(migration => migration.Version > current))
            {
                await Execute(connection, transaction, migration.Sql, token);
                if (migration.Version == PostgresSql.AuditChainSchemaVersion)
                {
                    var sealedCount = await SealEventsWrittenBeforeTheChain(connection, transaction, token);
                    if (sealedCount > 0)
                {
                    LogEventsSealed(Server, sealedCount);
                }
                }

                await Execute(
                    connection,
                    transaction,
                    PostgresSql.RecordSchemaVersion,
                    token,
                    ("version", migration.Version),
                    ("name", migration.Name),
                    ("applied_at", _timeProvider.GetUtcNow()));
                applied.Add(migration.Name);
            }

            await transaction.CommitAsync(token);

            // The server decides durability; a database set to lose recent commits on a crash breaks
            // "acknowledged means durable", which an operator should hear about at start.
            var synchronousCommit = await Scalar<string>(connection, null, PostgresSql.ReadSynchronousCommit, token);
            if (string.Equals(synchronousCommit, "off", StringComparison.OrdinalIgnoreCase))
            {
                LogSynchronousCommitOff(Server);
            }

            return new SchemaMigration(current, PostgresSql.SchemaVersion, applied);
        }, cancellationToken);

    /// <summary>The dialect's half of <see cref="AuditBackfill"/>: reads pages and writes seals in the migration's transaction.</summary>
    private static Task<int> SealEventsWrittenBeforeTheChain(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        AuditBackfill.Run(
            async (afterIncidentId, afterVersion, token) =>
            {
                await using var command = Command(
                    connection, transaction, PostgresSql.ReadUnsealedPage,
                    ("after_incident_id", afterIncidentId), ("after_version", afterVersion), ("limit", AuditBackfill.PageSize));
                return await ReadRows(command, UnsealedRow, token);
            },
            (seals, token) => Execute(
                connection, transaction, PostgresSql.WriteSeals, token,
                ("incident_ids", seals.Select(seal => seal.IncidentId).ToArray()),
                ("versions", seals.Select(seal => seal.Version).ToArray()),
                ("previous_hashes", seals.Select(seal => seal.PreviousHash).ToArray()),
                ("hashes", seals.Select(seal => seal.Hash).ToArray())),
            cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> ReadEvents(string incidentId, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<StoredEvent>>(async (connection, token) =>
        {
            await using var command = Command(connection, null, PostgresSql.ReadEvents, ("incident_id", incidentId));
            return await ReadRows(command, EventRow, token);
        }, cancellationToken);

    /// <summary>
    /// Group commit as in <see cref="SqliteStore.Append"/>: concurrent appends share one transaction
    /// and one WAL flush; each is still checked on its own and acknowledged only after that commit.
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

    private Task<bool[]> WriteAppends(IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken) =>
        Run(async (connection, token) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await TryWriteAppends(connection, batch, token) is { } outcomes)
                {
                    return outcomes;
                }

                if (attempt == MaxAppendAttempts)
                {
                    throw new InvalidOperationException(
                        $"{batch.Count} incident appends lost a version race {attempt} times in a row against writers on other nodes; nothing of them was written.");
                }
            }
        }, cancellationToken);

    /// <summary>
    /// One attempt at a batch: read every incident's version in one statement, decide each append as
    /// the SQLite dialect does, then write the accepted ones in one round trip. Returns null, having
    /// rolled back, when a writer on another node committed one of the versions in between.
    /// </summary>
    private async Task<bool[]?> TryWriteAppends(NpgsqlConnection connection, IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var versions = await ReadCurrentVersions(connection, transaction, batch, cancellationToken);

        var outcomes = new bool[batch.Count];
        var accepted = new List<PendingAppend>(batch.Count);
        await using var writes = new NpgsqlBatch(connection, transaction);
        for (var i = 0; i < batch.Count; i++)
        {
            var append = batch[i];
            var current = versions.GetValueOrDefault(append.IncidentId);
            if (current != append.ExpectedVersion)
            {
                LogAppendConflict(append.IncidentId, append.ExpectedVersion, current);
                continue;
            }

            writes.BatchCommands.Add(InsertEvents(append));
            writes.BatchCommands.Add(UpsertProjection(append.Projection));
            versions[append.IncidentId] = append.Events[^1].Version;
            accepted.Add(append);
            outcomes[i] = true;
        }

        if (accepted.Count == 0)
        {
            return outcomes;
        }

        await writes.ExecuteNonQueryAsync(cancellationToken);
        for (var i = 0; i < accepted.Count; i++)
        {
            if (writes.BatchCommands[2 * i].RecordsAffected != accepted[i].Events.Count)
            {
                LogAppendRace(accepted[i].IncidentId, accepted[i].ExpectedVersion);
                await transaction.RollbackAsync(cancellationToken);
                return null;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private static async Task<Dictionary<string, int>> ReadCurrentVersions(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<PendingAppend> batch,
        CancellationToken cancellationToken)
    {
        var incidentIds = batch.Select(append => append.IncidentId).Distinct(StringComparer.Ordinal).ToArray();
        await using var command = Command(connection, transaction, PostgresSql.ReadCurrentVersions, ("incident_ids", incidentIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetString(0)] = reader.GetInt32(1);
        }

        return versions;
    }

    private static NpgsqlBatchCommand InsertEvents(PendingAppend append) =>
        BatchCommand(
            PostgresSql.InsertEvents,
            ("incident_id", append.IncidentId),
            ("versions", append.Events.Select(stored => stored.Version).ToArray()),
            ("types", append.Events.Select(stored => stored.Type).ToArray()),
            ("payloads", append.Events.Select(stored => stored.Payload).ToArray()),
            ("recorded_ats", append.Events.Select(stored => FormatTimestamp(stored.RecordedAt)).ToArray()),
            ("previous_hashes", append.Events.Select(stored => stored.PreviousHash).ToArray()),
            ("hashes", append.Events.Select(stored => stored.Hash).ToArray()));

    private static NpgsqlBatchCommand UpsertProjection(IncidentProjection projection) =>
        BatchCommand(
            PostgresSql.UpsertProjection,
            ("incident_id", projection.IncidentId),
            ("grid_code", projection.GridCode),
            ("version", projection.Version),
            ("state", projection.State),
            ("category", projection.Category),
            ("is_open", projection.IsOpen),
            ("summary_json", projection.SummaryJson),
            ("updated_at", FormatTimestamp(projection.UpdatedAt)),
            ("assigned_unit", projection.AssignedUnitId),
            ("tally_json", projection.TallyJson),
            ("assessed_unit", projection.AssessedUnitId),
            ("reported_by", projection.ReporterId));

    public Task<IReadOnlyList<IncidentProjection>> ReadOpenInGrid(string gridCode, CancellationToken cancellationToken = default) =>
        ReadProjections(PostgresSql.ReadOpenInGrid, ("grid_code", gridCode), cancellationToken);

    public Task<IReadOnlyList<IncidentProjection>> ReadOpenAssignedTo(string unitId, CancellationToken cancellationToken = default) =>
        ReadProjections(PostgresSql.ReadOpenAssignedTo, ("assigned_unit", unitId), cancellationToken);

    public Task<IReadOnlyList<IncidentProjection>> ReadReportedBy(string userId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Run<IReadOnlyList<IncidentProjection>>(async (connection, token) =>
        {
            await using var command = Command(connection, null, PostgresSql.ReadReportedBy, ("reported_by", userId), ("limit", limit));
            return await ReadRows(command, ProjectionRow, token);
        }, cancellationToken);
    }

    private Task<IReadOnlyList<IncidentProjection>> ReadProjections(
        string sql, (string Name, object? Value) parameter, CancellationToken cancellationToken) =>
        Run<IReadOnlyList<IncidentProjection>>(async (connection, token) =>
        {
            await using var command = Command(connection, null, sql, parameter);
            return await ReadRows(command, ProjectionRow, token);
        }, cancellationToken);

    public Task<IReadOnlyList<StoredTally>> ReadTallies(TallyScope scope, string key, CancellationToken cancellationToken = default)
    {
        ValidateTallyScope(scope, key);
        return Run<IReadOnlyList<StoredTally>>(async (connection, token) =>
        {
            await using var command = scope switch
            {
                TallyScope.Area => Command(connection, null, PostgresSql.ReadTalliesUnderPrefix, ("prefix", key), ("prefix_end", PrefixUpperBound(key))),
                TallyScope.Unit => Command(connection, null, PostgresSql.ReadTalliesOfUnit, ("key", key)),
                _ => Command(connection, null, PostgresSql.ReadTalliesOfPerson, ("key", key)),
            };
            return await ReadRows(command, TallyRow, token);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AreaStateCount>> CountUnder(
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

        return Run<IReadOnlyList<AreaStateCount>>(async (connection, token) =>
        {
            await using var command = areaCodePrefix.Length == 0
                ? Command(connection, null, PostgresSql.CountAll, ("group_length", groupCodeLength))
                : Command(
                    connection,
                    null,
                    PostgresSql.CountUnderPrefix,
                    ("group_length", groupCodeLength),
                    ("prefix", areaCodePrefix),
                    ("prefix_end", PrefixUpperBound(areaCodePrefix)));
            return await ReadRows(command, CountRow, token);
        }, cancellationToken);
    }

    public Task<StoredGrainState?> ReadGrainState(string stateName, string grainId, CancellationToken cancellationToken = default) =>
        Run(async (connection, token) =>
        {
            await using var command = Command(
                connection, null, PostgresSql.ReadGrainState, ("state_name", stateName), ("grain_id", grainId));
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token)
                ? new StoredGrainState(reader.GetFieldValue<byte[]>(0), reader.GetString(1))
                : null;
        }, cancellationToken);

    public Task<string> WriteGrainState(
        string stateName,
        string grainId,
        byte[] payload,
        string? expectedETag,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var newETag = NewETag();
        return Run(async (connection, token) =>
        {
            var written = expectedETag is null
                ? await Execute(
                    connection, null, PostgresSql.InsertGrainState, token,
                    ("state_name", stateName), ("grain_id", grainId), ("payload", payload), ("etag", newETag))
                : await Execute(
                    connection, null, PostgresSql.UpdateGrainState, token,
                    ("state_name", stateName), ("grain_id", grainId), ("payload", payload), ("etag", newETag), ("expected_etag", expectedETag));
            if (written == 0)
            {
                throw await GrainStateConflict(connection, "write", stateName, grainId, expectedETag, token);
            }

            return newETag;
        }, cancellationToken);
    }

    public Task ClearGrainState(string stateName, string grainId, string? expectedETag, CancellationToken cancellationToken = default) =>
        Run(async (connection, token) =>
        {
            if (expectedETag is null)
            {
                // Clearing what was never written is a no-op, but a caller that believes nothing is
                // stored while something is has missed a write.
                if (await ReadETag(connection, stateName, grainId, token) is not null)
                {
                    throw await GrainStateConflict(connection, "clear", stateName, grainId, expectedETag, token);
                }

                return true;
            }

            var deleted = await Execute(
                connection, null, PostgresSql.DeleteGrainState, token,
                ("state_name", stateName), ("grain_id", grainId), ("expected_etag", expectedETag));
            return deleted != 0 ? true : throw await GrainStateConflict(connection, "clear", stateName, grainId, expectedETag, token);
        }, cancellationToken);

    public Task<IReadOnlyList<StoredReminder>> ReadReminders(string serviceId, string grainId, CancellationToken cancellationToken = default) =>
        ReadReminderRows(PostgresSql.ReadRemindersOfGrain, cancellationToken, ("service_id", serviceId), ("grain_id", grainId));

    public Task<IReadOnlyList<StoredReminder>> ReadRemindersInRange(
        string serviceId,
        uint beginHash,
        uint endHash,
        CancellationToken cancellationToken = default) =>
        ReadReminderRows(
            beginHash < endHash ? PostgresSql.ReadRemindersInRange : PostgresSql.ReadRemindersInWrappedRange,
            cancellationToken,
            ("service_id", serviceId),
            ("begin_hash", (long)beginHash),
            ("end_hash", (long)endHash));

    public async Task<StoredReminder?> ReadReminder(
        string serviceId,
        string grainId,
        string reminderName,
        CancellationToken cancellationToken = default)
    {
        var rows = await ReadReminderRows(
            PostgresSql.ReadReminder, cancellationToken, ("service_id", serviceId), ("grain_id", grainId), ("reminder_name", reminderName));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<string> UpsertReminder(string serviceId, ReminderRow reminder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var newETag = NewETag();
        return Run(async (connection, token) =>
        {
            await Execute(
                connection, null, PostgresSql.UpsertReminder, token,
                ("service_id", serviceId),
                ("grain_id", reminder.GrainId),
                ("reminder_name", reminder.ReminderName),
                ("grain_hash", (long)reminder.GrainHash),
                ("start_time", ToUtcTicks(reminder.StartAt)),
                ("period", reminder.Period.Ticks),
                ("etag", newETag));
            return newETag;
        }, cancellationToken);
    }

    public Task<bool> RemoveReminder(
        string serviceId,
        string grainId,
        string reminderName,
        string eTag,
        CancellationToken cancellationToken = default) =>
        Run(async (connection, token) => await Execute(
            connection, null, PostgresSql.DeleteReminder, token,
            ("service_id", serviceId), ("grain_id", grainId), ("reminder_name", reminderName), ("etag", eTag)) > 0,
            cancellationToken);

    public Task ClearReminders(string serviceId, CancellationToken cancellationToken = default) =>
        Run((connection, token) => Execute(connection, null, PostgresSql.DeleteRemindersOfService, token, ("service_id", serviceId)), cancellationToken);

    /// <summary>Writes what is queued, then closes the pool's connections.</summary>
    public void Dispose()
    {
        _appender.Dispose();
        _dataSource.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _appender.Dispose();
        await _dataSource.DisposeAsync();
    }

    /// <summary>
    /// Runs one unit of work on a pooled connection and turns connection-level failures into
    /// <see cref="StoreUnavailableException"/>; everything else (conflicts, bad input, bugs) passes
    /// through unchanged.
    /// </summary>
    private async Task<T> Run<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await work(connection, cancellationToken);
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            // The driver's exception is logged here and not attached: the StoreUnavailableException
            // crosses silos when the grain that called the store lives on another node than the
            // request, and Orleans has no codec for Npgsql's exceptions, so an inner NpgsqlException
            // turned the 503 into a CodecNotFoundException and a 500 (found by the cluster tests).
            LogUnavailable(exception, Server);
            throw new StoreUnavailableException(Server, Reason(exception), innerException: null);
        }
    }

    /// <summary>
    /// Whether a failure means "the server cannot be reached" rather than "the server said no":
    /// every client-side Npgsql failure (refused, reset, timed out, pool exhausted), and the server
    /// errors of a connection that cannot be used: class 08 (connection exception), 28 (the login
    /// was refused), 3D000 (no such database), 53300 (too many connections) and 57P01–57P03 (the
    /// server is shutting down, crashed or not yet accepting connections).
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException server => server.SqlState.StartsWith("08", StringComparison.Ordinal)
            || server.SqlState.StartsWith("28", StringComparison.Ordinal)
            || server.SqlState is "3D000" or "53300" or "57P01" or "57P02" or "57P03",
        NpgsqlException => true,
        _ => false,
    };

    /// <summary>The innermost message, which says what happened ("Connection refused") rather than where.</summary>
    internal static string Reason(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost is PostgresException server ? server.MessageText : innermost.Message;
    }

    private static NpgsqlCommand Command(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(name, value));
        }

        return command;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(name, value));
        }

        return command;
    }

    /// <summary>A null is typed as text: every nullable column of the schema is.</summary>
    private static NpgsqlParameter Parameter(string name, object? value) =>
        value is null
            ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value }
            : new NpgsqlParameter(name, value);

    private static async Task<int> Execute(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> Scalar<T>(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture)!;
    }

    private async Task<IReadOnlyList<StoredReminder>> ReadReminderRows(
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters) =>
        await Run<IReadOnlyList<StoredReminder>>(async (connection, token) =>
        {
            await using var command = Command(connection, null, sql, parameters);
            return await ReadRows(command, StoredReminderRow, token);
        }, cancellationToken);

    private static async Task<string?> ReadETag(NpgsqlConnection connection, string stateName, string grainId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, PostgresSql.ReadGrainStateETag, ("state_name", stateName), ("grain_id", grainId));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<InconsistentStateException> GrainStateConflict(
        NpgsqlConnection connection,
        string operation,
        string stateName,
        string grainId,
        string? expectedETag,
        CancellationToken cancellationToken)
    {
        var storedETag = await ReadETag(connection, stateName, grainId, cancellationToken);
        LogGrainStateConflict(operation, stateName, grainId, expectedETag, storedETag);
        return new InconsistentStateException(
            $"Could not {operation} state '{stateName}' of grain {grainId}: it was changed by another writer.",
            storedETag ?? "(none)",
            expectedETag ?? "(none)");
    }

    private sealed record PendingAppend(string IncidentId, int ExpectedVersion, IReadOnlyList<StoredEvent> Events, IncidentProjection Projection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage schema of {Server} migrated from version {FromVersion} to {ToVersion} ({Applied})")]
    private partial void LogSchemaMigrated(string server, int fromVersion, int toVersion, string applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit chain of {Server} starts now: sealed {EventCount} incident events written before it")]
    private partial void LogEventsSealed(string server, int eventCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storage schema of {Server} is current at version {SchemaVersion}")]
    private partial void LogSchemaCurrent(string server, int schemaVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Server} runs with synchronous_commit=off: a server crash can lose commits the nodes already acknowledged")]
    private partial void LogSynchronousCommitOff(string server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Server} is unavailable")]
    private partial void LogUnavailable(Exception exception, string server);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Append to incident {IncidentId} expected version {ExpectedVersion} but found {CurrentVersion}: another writer got there first")]
    private partial void LogAppendConflict(string incidentId, int expectedVersion, int currentVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Append to incident {IncidentId} after version {ExpectedVersion} raced a writer on another node; writing its batch again")]
    private partial void LogAppendRace(string incidentId, int expectedVersion);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain state {Operation} of {StateName} for {GrainId} expected ETag {ExpectedETag} but storage holds {StoredETag}")]
    private partial void LogGrainStateConflict(string operation, string stateName, string grainId, string? expectedETag, string? storedETag);
}
