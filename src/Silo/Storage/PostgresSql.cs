using System.Text.RegularExpressions;

namespace RuleOfLaw.Silo.Storage;

/// <summary>One schema migration: the version it leads to and the file it comes from.</summary>
public sealed record PostgresMigration(int Version, string Name, string Sql);

/// <summary>
/// Every SQL statement of the PostgreSQL dialect, mirroring <see cref="SqliteSql"/> statement for
/// statement. The schema itself is not here: it lives in <c>deploy/postgres/NNNN_*.sql</c>, where
/// operators read it, and is embedded into this assembly so that a node needs no files at run time.
/// Public so that the conformance tests can check the query plans of the real statements.
/// </summary>
public static partial class PostgresSql
{
    private const string ResourcePrefix = "RuleOfLaw.Silo.Storage.Postgres.";

    /// <summary>The embedded migrations in version order; numbered 1, 2, … without gaps.</summary>
    public static readonly IReadOnlyList<PostgresMigration> Migrations = LoadMigrations();

    /// <summary>The schema version this build writes: the last migration's.</summary>
    public static int SchemaVersion => Migrations[^1].Version;

    /// <summary>
    /// Serializes migrations across every node of one database: nodes that start together apply
    /// each file once, one after the other. A transaction-scoped lock cannot outlive a crashed node.
    /// The key is arbitrary but fixed ("RuleOfLa" in ASCII).
    /// </summary>
    public const string LockSchema = "SELECT pg_advisory_xact_lock(5941774465764838497);";

    public const string CreateSchemaVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL
        );
        """;

    public const string ReadSchemaVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";

    public const string RecordSchemaVersion = "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @applied_at);";

    public const string ReadSynchronousCommit = "SHOW synchronous_commit;";

    /// <summary>The migration that adds the audit chain's columns (0002); <see cref="AuditBackfill"/> seals the older rows in its transaction.</summary>
    public const int AuditChainSchemaVersion = 2;

    /// <summary>One page of the audit backfill: events after (incident, version), in chain order.</summary>
    public const string ReadUnsealedPage = """
        SELECT incident_id, version, payload
        FROM incident_events
        WHERE (incident_id, version) > (@after_incident_id, @after_version)
        ORDER BY incident_id, version
        LIMIT @limit;
        """;

    /// <summary>The seals of one backfill page in one statement.</summary>
    public const string WriteSeals = """
        UPDATE incident_events AS stored
        SET previous_hash = seal.previous_hash, hash = seal.hash
        FROM unnest(@incident_ids, @versions, @previous_hashes, @hashes) AS seal (incident_id, version, previous_hash, hash)
        WHERE stored.incident_id = seal.incident_id AND stored.version = seal.version;
        """;

    public const string ReadEvents = """
        SELECT version, type, payload, recorded_at, previous_hash, hash
        FROM incident_events
        WHERE incident_id = @incident_id
        ORDER BY version;
        """;

    /// <summary>The current version of every incident of one group commit, in one round trip.</summary>
    public const string ReadCurrentVersions = """
        SELECT incident_id, MAX(version)
        FROM incident_events
        WHERE incident_id = ANY(@incident_ids)
        GROUP BY incident_id;
        """;

    /// <summary>
    /// All events of one append in one statement. DO NOTHING instead of an error: a writer on another
    /// node that took a version since this batch read it makes the statement insert fewer rows, which
    /// the store detects, rather than aborting the whole batch's transaction.
    /// </summary>
    public const string InsertEvents = """
        INSERT INTO incident_events (incident_id, version, type, payload, recorded_at, previous_hash, hash)
        SELECT @incident_id, event.version, event.type, event.payload, event.recorded_at, event.previous_hash, event.hash
        FROM unnest(@versions, @types, @payloads, @recorded_ats, @previous_hashes, @hashes)
            AS event (version, type, payload, recorded_at, previous_hash, hash)
        ON CONFLICT (incident_id, version) DO NOTHING;
        """;

    /// <summary>The WHERE keeps a late or replayed writer from moving the read model backwards.</summary>
    public const string UpsertProjection = """
        INSERT INTO incident_projection (incident_id, grid_code, version, state, category, is_open, summary_json, updated_at, assigned_unit,
                                         tally_json, assessed_unit, reported_by)
        VALUES (@incident_id, @grid_code, @version, @state, @category, @is_open, @summary_json, @updated_at, @assigned_unit,
                @tally_json, @assessed_unit, @reported_by)
        ON CONFLICT (incident_id) DO UPDATE SET
            grid_code     = excluded.grid_code,
            version       = excluded.version,
            state         = excluded.state,
            category      = excluded.category,
            is_open       = excluded.is_open,
            summary_json  = excluded.summary_json,
            updated_at    = excluded.updated_at,
            assigned_unit = excluded.assigned_unit,
            tally_json    = excluded.tally_json,
            assessed_unit = excluded.assessed_unit,
            reported_by   = excluded.reported_by
        WHERE excluded.version > incident_projection.version;
        """;

    /// <summary>The tallies of an area's cases, a prefix as a half-open key range (see <see cref="SqliteSql.ReadTalliesUnderPrefix"/>).</summary>
    public const string ReadTalliesUnderPrefix = """
        SELECT incident_id, version, tally_json
        FROM incident_projection
        WHERE grid_code >= @prefix AND grid_code < @prefix_end AND tally_json IS NOT NULL
        ORDER BY incident_id;
        """;

    public const string ReadTalliesOfUnit = """
        SELECT incident_id, version, tally_json
        FROM incident_projection
        WHERE assessed_unit = @key AND tally_json IS NOT NULL
        ORDER BY incident_id;
        """;

    public const string ReadTalliesOfPerson = """
        SELECT incident_id, version, tally_json
        FROM incident_projection
        WHERE reported_by = @key AND tally_json IS NOT NULL
        ORDER BY incident_id;
        """;

    private const string ProjectionColumns = "incident_id, grid_code, version, state, category, is_open, summary_json, updated_at, assigned_unit";

    public const string ReadOpenInGrid = $"""
        SELECT {ProjectionColumns}
        FROM incident_projection
        WHERE grid_code = @grid_code AND is_open
        ORDER BY incident_id;
        """;

    public const string ReadOpenAssignedTo = $"""
        SELECT {ProjectionColumns}
        FROM incident_projection
        WHERE assigned_unit = @assigned_unit AND is_open
        ORDER BY incident_id;
        """;

    /// <summary>A reporter's own cases by the reported_by index, most recently changed first.</summary>
    public const string ReadReportedBy = $"""
        SELECT {ProjectionColumns}
        FROM incident_projection
        WHERE reported_by = @reported_by
        ORDER BY updated_at DESC, incident_id
        LIMIT @limit;
        """;

    /// <summary>A prefix as a half-open key range, which walks the grid_code index (see <see cref="SqliteSql.CountUnderPrefix"/>).</summary>
    public const string CountUnderPrefix = """
        SELECT substr(grid_code, 1, @group_length) AS area_code, state, category, COUNT(*)::integer AS incidents
        FROM incident_projection
        WHERE grid_code >= @prefix AND grid_code < @prefix_end
        GROUP BY area_code, state, category
        ORDER BY area_code, state, category;
        """;

    public const string CountAll = """
        SELECT substr(grid_code, 1, @group_length) AS area_code, state, category, COUNT(*)::integer AS incidents
        FROM incident_projection
        GROUP BY area_code, state, category
        ORDER BY area_code, state, category;
        """;

    public const string ReadGrainState = """
        SELECT payload, etag
        FROM grain_state
        WHERE state_name = @state_name AND grain_id = @grain_id;
        """;

    public const string ReadGrainStateETag = """
        SELECT etag
        FROM grain_state
        WHERE state_name = @state_name AND grain_id = @grain_id;
        """;

    /// <summary>
    /// A first write: of several racing first writers the primary key lets exactly one in; the others
    /// wait for its commit and then insert nothing.
    /// </summary>
    public const string InsertGrainState = """
        INSERT INTO grain_state (state_name, grain_id, payload, etag)
        VALUES (@state_name, @grain_id, @payload, @etag)
        ON CONFLICT (state_name, grain_id) DO NOTHING;
        """;

    /// <summary>A racing writer with the same expected ETag waits for the row, then finds the ETag changed.</summary>
    public const string UpdateGrainState = """
        UPDATE grain_state
        SET payload = @payload, etag = @etag
        WHERE state_name = @state_name AND grain_id = @grain_id AND etag = @expected_etag;
        """;

    public const string DeleteGrainState = """
        DELETE FROM grain_state
        WHERE state_name = @state_name AND grain_id = @grain_id AND etag = @expected_etag;
        """;

    private const string ReminderColumns = "grain_id, reminder_name, grain_hash, start_time, period, etag";

    public const string ReadRemindersOfGrain = $"""
        SELECT {ReminderColumns}
        FROM reminders
        WHERE service_id = @service_id AND grain_id = @grain_id;
        """;

    public const string ReadRemindersInRange = $"""
        SELECT {ReminderColumns}
        FROM reminders
        WHERE service_id = @service_id AND grain_hash > @begin_hash AND grain_hash <= @end_hash;
        """;

    /// <summary>The ring range wraps past the largest hash back to zero.</summary>
    public const string ReadRemindersInWrappedRange = $"""
        SELECT {ReminderColumns}
        FROM reminders
        WHERE service_id = @service_id AND (grain_hash > @begin_hash OR grain_hash <= @end_hash);
        """;

    public const string ReadReminder = $"""
        SELECT {ReminderColumns}
        FROM reminders
        WHERE service_id = @service_id AND grain_id = @grain_id AND reminder_name = @reminder_name;
        """;

    public const string UpsertReminder = """
        INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_time, period, etag)
        VALUES (@service_id, @grain_id, @reminder_name, @grain_hash, @start_time, @period, @etag)
        ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
            grain_hash = excluded.grain_hash,
            start_time = excluded.start_time,
            period     = excluded.period,
            etag       = excluded.etag;
        """;

    public const string DeleteReminder = """
        DELETE FROM reminders
        WHERE service_id = @service_id AND grain_id = @grain_id AND reminder_name = @reminder_name AND etag = @etag;
        """;

    public const string DeleteRemindersOfService = "DELETE FROM reminders WHERE service_id = @service_id;";

    [GeneratedRegex(@"^(?<version>\d{4})_[a-z0-9_]+\.sql$")]
    private static partial Regex MigrationFileName();

    /// <summary>
    /// Reads the embedded <c>deploy/postgres</c> files. A misnamed or missing file is a build mistake,
    /// so it fails the first use of the dialect rather than leaving a gap in the schema.
    /// </summary>
    private static PostgresMigration[] LoadMigrations()
    {
        var assembly = typeof(PostgresSql).Assembly;
        var migrations = new List<PostgresMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            var match = MigrationFileName().Match(name);
            if (!match.Success)
            {
                throw new InvalidOperationException($"The embedded migration {name} is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new PostgresMigration(int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd()));
        }

        migrations.Sort((left, right) => left.Version.CompareTo(right.Version));
        for (var index = 0; index < migrations.Count; index++)
        {
            if (migrations[index].Version != index + 1)
            {
                throw new InvalidOperationException(
                    $"The embedded migrations must be numbered 1, 2, … without gaps; found {string.Join(", ", migrations.Select(migration => migration.Name))}.");
            }
        }

        return migrations.Count > 0
            ? [.. migrations]
            : throw new InvalidOperationException($"{assembly.GetName().Name} embeds no PostgreSQL migrations (deploy/postgres/*.sql).");
    }
}
