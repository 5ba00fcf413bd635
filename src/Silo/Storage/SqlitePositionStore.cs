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
    /// Rows per INSERT statement: one statement execution carries many fixes, which costs a
    /// fraction of one per fix (7 parameters each, far below SQLite's limit of 32,766).
    /// </summary>
    private const int RowsPerStatement = 200;

    public async Task Append(IReadOnlyList<StoredFix> fixes, CancellationToken cancellationToken = default)
    {
        if (fixes.Count == 0)
        {
            return;
        }

        await using var connection = await Open(cancellationToken);
        // BEGIN IMMEDIATE: the write lock up front, so a concurrent sweep queues instead of failing half-way.
        await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        var fullChunks = fixes.Count / RowsPerStatement;
        if (fullChunks > 0)
        {
            // Every full chunk reuses one prepared statement.
            await using var insert = InsertCommand(connection, transaction, RowsPerStatement);
            for (var chunk = 0; chunk < fullChunks; chunk++)
            {
                Bind(insert, fixes, chunk * RowsPerStatement, RowsPerStatement);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var rest = fixes.Count % RowsPerStatement;
        if (rest > 0)
        {
            await using var insert = InsertCommand(connection, transaction, rest);
            Bind(insert, fixes, fullChunks * RowsPerStatement, rest);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction, int rows)
    {
        var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        var values = new System.Text.StringBuilder();
        for (var row = 0; row < rows; row++)
        {
            values.Append(row == 0 ? "" : ",").Append($"($s{row},$t{row},$r{row},$x{row},$y{row},$a{row},$h{row})");
            insert.Parameters.Add($"$s{row}", SqliteType.Text);
            insert.Parameters.Add($"$t{row}", SqliteType.Integer);
            insert.Parameters.Add($"$r{row}", SqliteType.Integer);
            insert.Parameters.Add($"$x{row}", SqliteType.Real);
            insert.Parameters.Add($"$y{row}", SqliteType.Real);
            insert.Parameters.Add($"$a{row}", SqliteType.Real);
            insert.Parameters.Add($"$h{row}", SqliteType.Text);
        }

        insert.CommandText = $"""
            INSERT INTO position_fixes (subject, taken_at, received_at, longitude, latitude, accuracy, home_area)
            VALUES {values}
            ON CONFLICT (subject, taken_at) DO NOTHING;
            """;
        insert.Prepare();
        return insert;
    }

    /// <summary>Parameters are in row order, seven per row, as <see cref="InsertCommand"/> adds them.</summary>
    private static void Bind(SqliteCommand insert, IReadOnlyList<StoredFix> fixes, int offset, int rows)
    {
        var parameters = insert.Parameters;
        for (var row = 0; row < rows; row++)
        {
            var stored = fixes[offset + row];
            var first = row * 7;
            parameters[first].Value = stored.Subject;
            parameters[first + 1].Value = stored.Fix.TakenAt.UtcTicks;
            parameters[first + 2].Value = stored.Fix.ReceivedAt.UtcTicks;
            parameters[first + 3].Value = stored.Fix.Longitude;
            parameters[first + 4].Value = stored.Fix.Latitude;
            parameters[first + 5].Value = (object?)stored.Fix.AccuracyMetres ?? DBNull.Value;
            parameters[first + 6].Value = stored.HomeArea;
        }
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
