using Npgsql;
using NpgsqlTypes;
using RuleOfLaw.Grains.Positions;

namespace RuleOfLaw.Silo.Storage;

/// <summary>
/// Tracks in production: one table in the deployment's PostgreSQL, written a batch per statement
/// (arrays unnested server-side), on a connection pool of its own so the stream never waits for a
/// connection the case store needs.
/// </summary>
public sealed class PostgresPositionStore(string connectionString) : IPositionStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(PostgresStore.ConnectionStringBuilder(connectionString));

    public async Task Initialize(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);

        // Several nodes may start at once: one creates, the others wait on the lock and find it done.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Run(connection, transaction, "SELECT pg_advisory_xact_lock(5941774465764838498);", cancellationToken);
        await Run(connection, transaction, """
            CREATE TABLE IF NOT EXISTS position_fixes (
                subject      TEXT             NOT NULL,
                taken_at     TIMESTAMPTZ      NOT NULL,
                received_at  TIMESTAMPTZ      NOT NULL,
                longitude    DOUBLE PRECISION NOT NULL,
                latitude     DOUBLE PRECISION NOT NULL,
                accuracy     DOUBLE PRECISION,
                home_area    TEXT             NOT NULL,
                PRIMARY KEY (subject, taken_at)
            );
            CREATE INDEX IF NOT EXISTS position_fixes_by_time ON position_fixes (taken_at);
            CREATE INDEX IF NOT EXISTS position_fixes_by_area ON position_fixes (home_area text_pattern_ops, taken_at);
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task Append(IReadOnlyList<StoredFix> fixes, CancellationToken cancellationToken = default)
    {
        if (fixes.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO position_fixes (subject, taken_at, received_at, longitude, latitude, accuracy, home_area)
            SELECT * FROM unnest(@subjects, @taken, @received, @longitudes, @latitudes, @accuracies, @areas)
            ON CONFLICT (subject, taken_at) DO NOTHING;
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter<string[]>("subjects", [.. fixes.Select(f => f.Subject)]));
        insert.Parameters.Add(new NpgsqlParameter<DateTime[]>("taken", [.. fixes.Select(f => f.Fix.TakenAt.UtcDateTime)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter<DateTime[]>("received", [.. fixes.Select(f => f.Fix.ReceivedAt.UtcDateTime)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter<double[]>("longitudes", [.. fixes.Select(f => f.Fix.Longitude)]));
        insert.Parameters.Add(new NpgsqlParameter<double[]>("latitudes", [.. fixes.Select(f => f.Fix.Latitude)]));
        insert.Parameters.Add(new NpgsqlParameter<double?[]>("accuracies", [.. fixes.Select(f => f.Fix.AccuracyMetres)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("areas", [.. fixes.Select(f => f.HomeArea)]));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PositionFix>> Track(string subject, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var query = new NpgsqlCommand("""
            SELECT subject, taken_at, received_at, longitude, latitude, accuracy, home_area FROM position_fixes
            WHERE subject = @subject AND taken_at >= @from AND taken_at < @to
            ORDER BY taken_at LIMIT @limit;
            """, connection);
        query.Parameters.AddWithValue("subject", subject);
        query.Parameters.AddWithValue("from", from.UtcDateTime);
        query.Parameters.AddWithValue("to", to.UtcDateTime);
        query.Parameters.AddWithValue("limit", limit);
        return [.. (await Read(query, cancellationToken)).Select(stored => stored.Fix)];
    }

    public async Task<StoredFix?> Last(string subject, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var query = new NpgsqlCommand("""
            SELECT subject, taken_at, received_at, longitude, latitude, accuracy, home_area FROM position_fixes
            WHERE subject = @subject ORDER BY taken_at DESC LIMIT 1;
            """, connection);
        query.Parameters.AddWithValue("subject", subject);
        return (await Read(query, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StoredFix>> Latest(string area, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var query = new NpgsqlCommand("""
            SELECT DISTINCT ON (subject) subject, taken_at, received_at, longitude, latitude, accuracy, home_area FROM position_fixes
            WHERE home_area >= @low AND home_area < @high AND taken_at >= @since
            ORDER BY subject, taken_at DESC;
            """, connection);
        var (low, high) = PositionAreas.Range(area);
        query.Parameters.AddWithValue("low", low);
        query.Parameters.AddWithValue("high", high);
        query.Parameters.AddWithValue("since", since.UtcDateTime);
        return await Read(query, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredFix>> InArea(string area, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var query = new NpgsqlCommand("""
            SELECT subject, taken_at, received_at, longitude, latitude, accuracy, home_area FROM position_fixes
            WHERE home_area >= @low AND home_area < @high AND taken_at >= @from AND taken_at < @to
            LIMIT @limit;
            """, connection);
        var (low, high) = PositionAreas.Range(area);
        query.Parameters.AddWithValue("low", low);
        query.Parameters.AddWithValue("high", high);
        query.Parameters.AddWithValue("from", from.UtcDateTime);
        query.Parameters.AddWithValue("to", to.UtcDateTime);
        query.Parameters.AddWithValue("limit", limit);
        return await Read(query, cancellationToken);
    }

    public async Task<int> DeleteBefore(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var delete = new NpgsqlCommand("DELETE FROM position_fixes WHERE taken_at < @cutoff;", connection);
        delete.Parameters.AddWithValue("cutoff", cutoff.UtcDateTime);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task<List<StoredFix>> Read(NpgsqlCommand query, CancellationToken cancellationToken)
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
                    new DateTimeOffset(reader.GetDateTime(1).ToUniversalTime(), TimeSpan.Zero),
                    new DateTimeOffset(reader.GetDateTime(2).ToUniversalTime(), TimeSpan.Zero))));
        }

        return rows;
    }

    private static async Task Run(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
