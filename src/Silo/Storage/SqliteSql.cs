namespace RuleOfLaw.Silo.Storage;

/// <summary>
/// Every SQL statement of the SQLite dialect, in one place so that the PostgreSQL dialect can mirror
/// it statement for statement. Parameters are named like the columns they fill. Public so that the
/// conformance tests can check the query plans of the real statements.
/// </summary>
public static class SqliteSql
{
    /// <summary>The schema version this build writes; <see cref="Migrations"/> ends at it.</summary>
    public const int SchemaVersion = AssessmentSchemaVersion;

    /// <summary>The migration that adds the audit chain's columns; <see cref="AuditBackfill"/> seals the older rows in its transaction.</summary>
    public const int AuditChainSchemaVersion = 2;

    /// <summary>The migration that keeps each case's assessment tally beside its projection.</summary>
    public const int AssessmentSchemaVersion = 3;

    /// <summary>
    /// WAL lets readers run beside the single writer; the mode is stored in the file, so setting it
    /// once at initialization holds for every later connection.
    /// </summary>
    public const string EnableWriteAheadLog = "PRAGMA journal_mode = WAL;";

    /// <summary>
    /// Per-connection settings, run on every open because pooled connections do not say whether they
    /// are new. synchronous=FULL syncs the WAL on every commit: acknowledged means durable, even
    /// across a kill -9 or power loss. busy_timeout makes a second writer wait instead of failing.
    /// </summary>
    public static string ConnectionPragmas(int busyTimeoutMilliseconds) =>
        $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {busyTimeoutMilliseconds};";

    public const string CreateSchemaVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            applied_at TEXT    NOT NULL
        );
        """;

    public const string ReadSchemaVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";

    public const string RecordSchemaVersion = "INSERT INTO schema_version (version, applied_at) VALUES (@version, @applied_at);";

    /// <summary>Schema migrations by the version they lead to; never edit one that has shipped.</summary>
    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE incident_events (
                incident_id TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                type        TEXT    NOT NULL,
                payload     TEXT    NOT NULL,
                recorded_at TEXT    NOT NULL,
                PRIMARY KEY (incident_id, version)
            );

            CREATE TABLE incident_projection (
                incident_id  TEXT    NOT NULL PRIMARY KEY,
                grid_code    TEXT    NOT NULL,
                version      INTEGER NOT NULL,
                state        TEXT    NOT NULL,
                category     TEXT    NOT NULL,
                is_open      INTEGER NOT NULL,
                summary_json TEXT    NOT NULL,
                updated_at   TEXT    NOT NULL,
                assigned_unit TEXT   NULL
            );

            CREATE INDEX ix_incident_projection_grid_open
                ON incident_projection (grid_code, is_open);

            CREATE INDEX ix_incident_projection_grid_state_category
                ON incident_projection (grid_code, state, category);

            CREATE INDEX ix_incident_projection_unit_open
                ON incident_projection (assigned_unit, is_open);

            CREATE TABLE grain_state (
                state_name TEXT NOT NULL,
                grain_id   TEXT NOT NULL,
                payload    BLOB NOT NULL,
                etag       TEXT NOT NULL,
                PRIMARY KEY (state_name, grain_id)
            );

            CREATE TABLE reminders (
                service_id    TEXT    NOT NULL,
                grain_id      TEXT    NOT NULL,
                reminder_name TEXT    NOT NULL,
                grain_hash    INTEGER NOT NULL,
                start_time    INTEGER NOT NULL,
                period        INTEGER NOT NULL,
                etag          TEXT    NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            );

            CREATE INDEX ix_reminders_service_hash
                ON reminders (service_id, grain_hash);
            """),

        // SQLite adds a NOT NULL column only with a default; the backfill replaces every '' in the
        // same transaction, and every later insert names both columns.
        (AuditChainSchemaVersion, """
            ALTER TABLE incident_events ADD COLUMN previous_hash TEXT NOT NULL DEFAULT '';
            ALTER TABLE incident_events ADD COLUMN hash          TEXT NOT NULL DEFAULT '';
            """),

        // Rows of cases that see no event after this migration keep a NULL tally and stay out of
        // the assessment; every event written from now on stores the case's tally with it.
        (AssessmentSchemaVersion, """
            ALTER TABLE incident_projection ADD COLUMN tally_json    TEXT NULL;
            ALTER TABLE incident_projection ADD COLUMN assessed_unit TEXT NULL;
            ALTER TABLE incident_projection ADD COLUMN reported_by   TEXT NULL;

            CREATE INDEX ix_incident_projection_assessed_unit
                ON incident_projection (assessed_unit);

            CREATE INDEX ix_incident_projection_reported_by
                ON incident_projection (reported_by);
            """),
    ];

    /// <summary>One page of the audit backfill: events after (incident, version), in chain order.</summary>
    public const string ReadUnsealedPage = """
        SELECT incident_id, version, payload
        FROM incident_events
        WHERE (incident_id, version) > (@after_incident_id, @after_version)
        ORDER BY incident_id, version
        LIMIT @limit;
        """;

    public const string WriteSeal = """
        UPDATE incident_events
        SET previous_hash = @previous_hash, hash = @hash
        WHERE incident_id = @incident_id AND version = @version;
        """;

    public const string ReadEvents = """
        SELECT version, type, payload, recorded_at, previous_hash, hash
        FROM incident_events
        WHERE incident_id = @incident_id
        ORDER BY version;
        """;

    public const string ReadCurrentVersion = """
        SELECT COALESCE(MAX(version), 0)
        FROM incident_events
        WHERE incident_id = @incident_id;
        """;

    public const string InsertEvent = """
        INSERT INTO incident_events (incident_id, version, type, payload, recorded_at, previous_hash, hash)
        VALUES (@incident_id, @version, @type, @payload, @recorded_at, @previous_hash, @hash);
        """;

    /// <summary>The WHERE keeps a late or replayed writer from moving the read model backwards.</summary>
    public const string UpsertProjection = """
        INSERT INTO incident_projection (incident_id, grid_code, version, state, category, is_open, summary_json, updated_at, assigned_unit,
                                         tally_json, assessed_unit, reported_by)
        VALUES (@incident_id, @grid_code, @version, @state, @category, @is_open, @summary_json, @updated_at, @assigned_unit,
                @tally_json, @assessed_unit, @reported_by)
        ON CONFLICT (incident_id) DO UPDATE SET
            grid_code    = excluded.grid_code,
            version      = excluded.version,
            state        = excluded.state,
            category     = excluded.category,
            is_open      = excluded.is_open,
            summary_json = excluded.summary_json,
            updated_at   = excluded.updated_at,
            assigned_unit = excluded.assigned_unit,
            tally_json    = excluded.tally_json,
            assessed_unit = excluded.assessed_unit,
            reported_by   = excluded.reported_by
        WHERE excluded.version > incident_projection.version;
        """;

    /// <summary>The tallies of an area's cases: a prefix as a half-open key range, like <see cref="CountUnderPrefix"/>.</summary>
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

    public const string ReadOpenInGrid = """
        SELECT incident_id, grid_code, version, state, category, is_open, summary_json, updated_at, assigned_unit
        FROM incident_projection
        WHERE grid_code = @grid_code AND is_open = 1
        ORDER BY incident_id;
        """;

    public const string ReadOpenAssignedTo = """
        SELECT incident_id, grid_code, version, state, category, is_open, summary_json, updated_at, assigned_unit
        FROM incident_projection
        WHERE assigned_unit = @assigned_unit AND is_open = 1
        ORDER BY incident_id;
        """;

    /// <summary>A reporter's own cases by the reported_by index; updated_at is stored as UTC text, so it sorts as time.</summary>
    public const string ReadReportedBy = """
        SELECT incident_id, grid_code, version, state, category, is_open, summary_json, updated_at, assigned_unit
        FROM incident_projection
        WHERE reported_by = @reported_by
        ORDER BY updated_at DESC, incident_id
        LIMIT @limit;
        """;

    /// <summary>
    /// A prefix written as a half-open key range rather than LIKE: SQLite can walk the grid_code
    /// index for a range, but not for a LIKE whose pattern is computed, and the form carries over to
    /// PostgreSQL without a pattern-ops index.
    /// </summary>
    public const string CountUnderPrefix = """
        SELECT substr(grid_code, 1, @group_length) AS area_code, state, category, COUNT(*) AS incidents
        FROM incident_projection
        WHERE grid_code >= @prefix AND grid_code < @prefix_end
        GROUP BY area_code, state, category
        ORDER BY area_code, state, category;
        """;

    public const string CountAll = """
        SELECT substr(grid_code, 1, @group_length) AS area_code, state, category, COUNT(*) AS incidents
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

    /// <summary>A first write: of several racing first writers the primary key lets exactly one in.</summary>
    public const string InsertGrainState = """
        INSERT INTO grain_state (state_name, grain_id, payload, etag)
        VALUES (@state_name, @grain_id, @payload, @etag)
        ON CONFLICT (state_name, grain_id) DO NOTHING;
        """;

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
}
