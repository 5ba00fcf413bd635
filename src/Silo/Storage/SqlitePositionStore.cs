using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Positions;

namespace RuleOfLaw.Silo.Storage;

/// <summary>
/// Tracks in the embedded deployment: a SQLite file of their own next to the case store, so that
/// a batch of thousands of fixes never holds the write lock the case events need. WAL with full
/// sync like the case store: a committed batch survives a kill -9.
/// </summary>
public sealed class SqlitePositionStore : IPositionStore
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqlitePositionStore(IOptions<StorageOptions> options)
    {
        var storage = options.Value;
        DatabasePath = Path.GetFullPath(Path.Combine(storage.DataDirectory, storage.PositionsFileName));
        _connectionString = SqliteStore.ConnectionString(DatabasePath, storage.BusyTimeout);
        _pragmas = SqliteSql.ConnectionPragmas((int)storage.BusyTimeout.TotalMilliseconds);
    }

    public string DatabasePath { get; }

    public async Task Initialize(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await Open(cancellationToken);
        await Run(connection, SqliteSql.EnableWriteAheadLog, cancellationToken);
        await Run(connection, """
            CREATE TABLE IF NOT EXISTS position_fixes (
                subject      TEXT    NOT NULL,
                taken_at     INTEGER NOT NULL,
                received_at  INTEGER NOT NULL,
                longitude    REAL    NOT NULL,
                latitude     REAL    NOT NULL,
                accuracy     REAL,
                home_area    TEXT    NOT NULL,
                PRIMARY KEY (subject, taken_at)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS position_fixes_by_time ON position_fixes (taken_at);
            CREATE INDEX IF NOT EXISTS position_fixes_by_area ON position_fixes (home_area, taken_at);
            """, cancellationToken);
    }

    /// <summary>
    /// Rows per INSERT statement. The rows travel as one JSON parameter that SQLite unpacks itself
    /// (json_each, as the PostgreSQL store passes arrays to unnest): binding seven named parameters
    /// per row would cost more than it saves, since SQLite finds each by name in a linear list.
    /// </summary>
    private const int RowsPerStatement = 1_000;

    public async Task Append(IReadOnlyList<StoredFix> fixes, CancellationToken cancellationToken = default)
    {
        if (fixes.Count == 0)
        {
            return;
        }

        await using var connection = await Open(cancellationToken);
        // BEGIN IMMEDIATE: the write lock up front, so a concurrent sweep queues instead of failing half-way.
        await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        // "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
        insert.CommandText = """
            INSERT INTO position_fixes (subject, taken_at, received_at, longitude, latitude, accuracy, home_area)
            SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6
            FROM json_each($rows) WHERE true
            ON CONFLICT (subject, taken_at) DO NOTHING;
            """;
        var rows = insert.Parameters.Add("$rows", SqliteType.Text);
        insert.Prepare();
        for (var offset = 0; offset < fixes.Count; offset += RowsPerStatement)
        {
            rows.Value = RowsJson(fixes, offset, Math.Min(RowsPerStatement, fixes.Count - offset));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>[[subject, taken ticks, received ticks, longitude, latitude, accuracy or null, home area], …]</summary>
    private static string RowsJson(IReadOnlyList<StoredFix> fixes, int offset, int count)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(count * 96);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            for (var index = offset; index < offset + count; index++)
            {
                var stored = fixes[index];
                json.WriteStartArray();
                json.WriteStringValue(stored.Subject);
                json.WriteNumberValue(stored.Fix.TakenAt.UtcTicks);
                json.WriteNumberValue(stored.Fix.ReceivedAt.UtcTicks);
                json.WriteNumberValue(stored.Fix.Longitude);
                json.WriteNumberValue(stored.Fix.Latitude);
                if (stored.Fix.AccuracyMetres is { } accuracy)
                {
                    json.WriteNumberValue(accuracy);
                }
                else
                {
                    json.WriteNullValue();
                }

                json.WriteStringValue(stored.HomeArea);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public async Task<IReadOnlyList<PositionFix>> Track(string subject, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken, forWriting: false);
        await using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT subject, taken_at, received_at, longitude, latitude, accuracy, home_area FROM position_fixes
            WHERE subject = $subject AND taken_at >= $from AND taken_at < $to
            ORDER BY taken_at LIMIT $limit;
            """;
        query.Parameters.AddWithValue("$subject", subject);
        query.Parameters.AddWithValue("$from", from.UtcTicks);
        query.Parameters.AddWithValue("$to", to.UtcTicks);
        query.Parameters.AddWithValue("$limit", limit);
        return [.. (await Read(query, cancellationToken)).Select(stored => stored.Fix)];
    }

    public async Task<StoredFix?> Last(string subject, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken, forWriting: false);
        await using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT subject, taken_at, received_at, longitude, latitude, accuracy, home_area FROM position_fixes
            WHERE subject = $subject ORDER BY taken_at DESC LIMIT 1;
            """;
        query.Parameters.AddWithValue("$subject", subject);
        return (await Read(query, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StoredFix>> Latest(string area, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken, forWriting: false);
        await using var query = connection.CreateCommand();

        // SQLite returns the other columns of the row that holds the MAX (its documented bare-column rule).
        query.CommandText = """
            SELECT subject, MAX(taken_at), received_at, longitude, latitude, accuracy, home_area FROM position_fixes
            WHERE home_area >= $low AND home_area < $high AND taken_at >= $since
            GROUP BY subject;
            """;
        var (low, high) = PositionAreas.Range(area);
        query.Parameters.AddWithValue("$low", low);
        query.Parameters.AddWithValue("$high", high);
        query.Parameters.AddWithValue("$since", since.UtcTicks);
        return await Read(query, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredFix>> InArea(string area, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken, forWriting: false);
        await using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT subject, taken_at, received_at, longitude, latitude, accuracy, home_area FROM position_fixes
            WHERE home_area >= $low AND home_area < $high AND taken_at >= $from AND taken_at < $to
            LIMIT $limit;
            """;
        var (low, high) = PositionAreas.Range(area);
        query.Parameters.AddWithValue("$low", low);
        query.Parameters.AddWithValue("$high", high);
        query.Parameters.AddWithValue("$from", from.UtcTicks);
        query.Parameters.AddWithValue("$to", to.UtcTicks);
        query.Parameters.AddWithValue("$limit", limit);
        return await Read(query, cancellationToken);
    }

    public async Task<int> DeleteBefore(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM position_fixes WHERE taken_at < $cutoff;";
        delete.Parameters.AddWithValue("$cutoff", cutoff.UtcTicks);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<StoredFix>> Read(SqliteCommand query, CancellationToken cancellationToken)
    {
        var rows = new List<StoredFix>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredFix(
                reader.GetString(0),
                reader.GetString(6),
                new PositionFix(
                    reader.GetDouble(3),
                    reader.GetDouble(4),
                    reader.IsDBNull(5) ? null : reader.GetDouble(5),
                    new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                    new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero))));
        }

        return rows;
    }

    private async Task<SqliteConnection> Open(CancellationToken cancellationToken, bool forWriting = true)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (forWriting)
            {
                await Run(connection, _pragmas, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task Run(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Area codes nest by prefix: the subjects of an area are those whose home area starts with its code.</summary>
internal static class PositionAreas
{
    /// <summary>[low, high) holding every code that starts with <paramref name="area"/> (codes are digits; '~' sorts after them).</summary>
    public static (string Low, string High) Range(string area) => (area, area + "~");
}
