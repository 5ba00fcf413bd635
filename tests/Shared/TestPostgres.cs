using Npgsql;

namespace RuleOfLaw.Tests.Shared;

/// <summary>
/// The throwaway PostgreSQL server that tests/run.sh starts and names in
/// <c>RULEOFLAW_TEST_POSTGRES</c>. Every user of it works in a database of its own, created here
/// under a unique name and dropped after, so test classes never see each other's rows.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "RULEOFLAW_TEST_POSTGRES";

    /// <summary>The server's connection string (no database: the user's default one serves for creating others).</summary>
    /// <exception cref="InvalidOperationException">The variable is not set: a missing server fails the tests, it never skips them.</exception>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"{Variable} is not set, and these tests need a real PostgreSQL server. Run tests/run.sh, which starts a "
                + $"throwaway one and sets it, or set it yourself (e.g. {Variable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Password=…\").");

    /// <summary>Creates an empty database and returns the connection string that opens it.</summary>
    public static async Task<string> CreateDatabase(string purpose)
    {
        var name = $"rol_{purpose}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(WithoutPooling(ServerConnectionString)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, ending any session still in it.</summary>
    public static async Task DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(WithoutPooling(ServerConnectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A connection to the database of <paramref name="connectionString"/> that bypasses every pool: for checks that read it directly.</summary>
    public static async Task<NpgsqlConnection> Open(string connectionString)
    {
        var connection = new NpgsqlConnection(WithoutPooling(connectionString));
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<object?> Scalar(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    private static string WithoutPooling(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
}
