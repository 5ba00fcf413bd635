using Npgsql;

namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>
/// Checks that read the cluster's PostgreSQL database directly (the tables of
/// deploy/postgres/0001_initial.sql), never through a node: what the system promised is judged by
/// what was committed, not by what a node answers.
/// </summary>
public static class Database
{
    /// <summary>
    /// Every acknowledged report exists exactly once with its complete history: versions 1..n
    /// contiguous, one Report event (at version 1), no step twice, every acknowledged version (and
    /// every version a retry found committed) holding the command that was sent, and the projection
    /// at version n. Returns one line per violation.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ViolationsOf(string connectionString, Ledger ledger)
    {
        var cases = ledger.Cases.Where(item => item.Acknowledged.Count > 0).ToList();
        var ids = cases.Select(item => item.Id).ToArray();
        var events = new Dictionary<string, List<(int Version, string Type)>>();
        var projections = new Dictionary<string, int>();
        await using (var connection = await Open(connectionString))
        {
            await using (var command = new NpgsqlCommand(
                "SELECT incident_id, version, type FROM incident_events WHERE incident_id = ANY(@ids) ORDER BY incident_id, version", connection))
            {
                command.Parameters.AddWithValue("ids", ids);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var id = reader.GetString(0);
                    if (!events.TryGetValue(id, out var list))
                    {
                        events[id] = list = [];
                    }

                    list.Add((reader.GetInt32(1), reader.GetString(2)));
                }
            }

            await using (var command = new NpgsqlCommand("SELECT incident_id, version FROM incident_projection WHERE incident_id = ANY(@ids)", connection))
            {
                command.Parameters.AddWithValue("ids", ids);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    projections[reader.GetString(0)] = reader.GetInt32(1);
                }
            }
        }

        var violations = new List<string>();
        foreach (var item in cases)
        {
            if (!events.TryGetValue(item.Id, out var history))
            {
                violations.Add($"{item.Id}: acknowledged at versions {string.Join(", ", item.Acknowledged.Keys.Order())} but has no event in incident_events");
                continue;
            }

            var versions = history.Select(e => e.Version).ToList();
            if (!versions.SequenceEqual(Enumerable.Range(1, versions.Count)))
            {
                violations.Add($"{item.Id}: versions {string.Join(", ", versions)} are not 1..{versions.Count}");
            }

            if (history.Count(e => e.Type == "Report") != 1 || history[0].Type != "Report")
            {
                violations.Add($"{item.Id}: history {Describe(history)} does not start with exactly one Report");
            }

            if (history.GroupBy(e => e.Type).FirstOrDefault(group => group.Count() > 1) is { } twice)
            {
                violations.Add($"{item.Id}: {twice.Key} was applied {twice.Count()} times: {Describe(history)}");
            }

            foreach (var (version, command) in item.Acknowledged.Concat(item.CommittedUnacknowledged))
            {
                var stored = history.FirstOrDefault(e => e.Version == version);
                if (stored.Type != command)
                {
                    violations.Add($"{item.Id}: {command} was acknowledged (or found committed) at version {version}, the database holds {Describe(history)}");
                }
            }

            if (projections.GetValueOrDefault(item.Id) != history.Count)
            {
                violations.Add($"{item.Id}: incident_projection is at version {projections.GetValueOrDefault(item.Id)}, the events at {history.Count}");
            }
        }

        return violations;
    }

    /// <summary>Incident id → (version, open) of every case in the grids under <paramref name="areaCode"/>, from incident_projection.</summary>
    public static async Task<IReadOnlyDictionary<string, HeldCase>> CasesUnder(string connectionString, string areaCode)
    {
        await using var connection = await Open(connectionString);
        await using var command = new NpgsqlCommand(
            "SELECT incident_id, version, is_open FROM incident_projection WHERE grid_code LIKE @prefix", connection);
        command.Parameters.AddWithValue("prefix", areaCode + "%");
        await using var reader = await command.ExecuteReaderAsync();
        var cases = new Dictionary<string, HeldCase>();
        while (await reader.ReadAsync())
        {
            cases[reader.GetString(0)] = new HeldCase(reader.GetInt32(1), reader.GetBoolean(2));
        }

        return cases;
    }

    /// <summary>
    /// How a dashboard's state differs from the database after a resync: every open case of the
    /// area must be shown at its stored version, and every case shown must be at its stored
    /// version and openness. Returns one line per difference.
    /// </summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, HeldCase> stored, IReadOnlyDictionary<string, HeldCase> shown)
    {
        var differences = new List<string>();
        foreach (var (id, held) in stored.Where(pair => pair.Value.IsOpen))
        {
            if (!shown.ContainsKey(id))
            {
                differences.Add($"{id}: open at v{held.Version} in the database, not shown");
            }
        }

        foreach (var (id, onScreen) in shown)
        {
            if (!stored.TryGetValue(id, out var held))
            {
                differences.Add($"{id}: shown at v{onScreen.Version}, not in the database");
            }
            else if (held != onScreen)
            {
                differences.Add($"{id}: shown at v{onScreen.Version} ({(onScreen.IsOpen ? "open" : "closed")}), the database has v{held.Version} ({(held.IsOpen ? "open" : "closed")})");
            }
        }

        return differences;
    }

    /// <summary>One value read directly from the database.</summary>
    public static async Task<object?> Scalar(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Open(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    private static async Task<NpgsqlConnection> Open(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static string Describe(List<(int Version, string Type)> history) =>
        string.Join(" ", history.Select(e => $"v{e.Version}:{e.Type}"));
}
