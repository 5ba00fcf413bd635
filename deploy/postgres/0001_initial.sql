-- RuleOfLaw storage schema, version 1: incident events and their projection, grain state, reminders.
--
-- Applied by the node at start (or by `RuleOfLaw.Silo migrate`) inside one transaction, under an
-- advisory lock, and recorded in schema_version; never edit a file that has shipped, add the next one.
--
-- Keys and codes are COLLATE "C": byte order, as in the embedded SQLite dialect, whatever the
-- database's locale, so ORDER BY and the grid-code prefix ranges mean the same on both.
-- Timestamps that the store hands back are kept as ISO 8601 round-trip text (incident events and
-- projection) or as .NET ticks (reminders): timestamptz keeps neither the writer's UTC offset nor
-- 100 ns ticks, and the store returns exactly what it was given. `recorded_at::timestamptz` reads
-- the text as an instant when querying by hand.

CREATE TABLE incident_events (
    incident_id text COLLATE "C" NOT NULL,
    version     integer          NOT NULL CHECK (version > 0),
    type        text             NOT NULL,
    payload     text             NOT NULL,
    recorded_at text             NOT NULL,
    -- Append-only; the key is what lets exactly one of two racing writers append a version.
    PRIMARY KEY (incident_id, version)
);

CREATE TABLE incident_projection (
    incident_id   text COLLATE "C" NOT NULL PRIMARY KEY,
    grid_code     text COLLATE "C" NOT NULL,
    version       integer          NOT NULL,
    state         text COLLATE "C" NOT NULL,
    category      text COLLATE "C" NOT NULL,
    is_open       boolean          NOT NULL,
    summary_json  text             NOT NULL,
    updated_at    text             NOT NULL,
    assigned_unit text COLLATE "C" NULL
);

-- Open cases are few and closed ones pile up for years: the work lists index only the open ones.
CREATE INDEX ix_incident_projection_grid_open
    ON incident_projection (grid_code, incident_id) WHERE is_open;

CREATE INDEX ix_incident_projection_unit_open
    ON incident_projection (assigned_unit, incident_id) WHERE is_open;

-- Covers the area counters (grid-code range, grouped by state and category) without the table.
CREATE INDEX ix_incident_projection_grid_state_category
    ON incident_projection (grid_code, state, category);

CREATE TABLE grain_state (
    state_name text COLLATE "C" NOT NULL,
    grain_id   text COLLATE "C" NOT NULL,
    payload    bytea            NOT NULL,
    etag       text             NOT NULL,
    PRIMARY KEY (state_name, grain_id)
);

CREATE TABLE reminders (
    service_id    text COLLATE "C" NOT NULL,
    grain_id      text COLLATE "C" NOT NULL,
    reminder_name text COLLATE "C" NOT NULL,
    -- Orleans' uniform hash is an unsigned 32-bit number: bigint keeps ring-range comparisons right.
    grain_hash    bigint           NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295),
    start_time    bigint           NOT NULL,
    period        bigint           NOT NULL,
    etag          text             NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX ix_reminders_service_hash
    ON reminders (service_id, grain_hash);
