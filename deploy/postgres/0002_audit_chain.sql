-- RuleOfLaw storage schema, version 2: the audit chain of incident events (domain.md §7, 督查问责).
--
-- Every event is sealed: hash = SHA-256(previous_hash ‖ canonical encoding of the event), where
-- previous_hash is the hash of the incident's event before it (64 zeros for version 1). Both are
-- 64 lowercase hex digits, written by the node with the event; GET /api/incidents/{id}/audit
-- checks them.
--
-- The node (or `RuleOfLaw.Silo migrate`) seals the rows written before this migration in the same
-- transaction, in C#, because the encoding reads the event's JSON; the '' default exists only for
-- that moment and is dropped again, so that a node of an older build, which does not seal, cannot
-- append unsealed events. Applying this file by hand instead leaves the older rows unsealed, and
-- their cases fail verification: use the migrate command.

ALTER TABLE incident_events
    ADD COLUMN previous_hash text NOT NULL DEFAULT '',
    ADD COLUMN hash          text NOT NULL DEFAULT '';

ALTER TABLE incident_events
    ALTER COLUMN previous_hash DROP DEFAULT,
    ALTER COLUMN hash          DROP DEFAULT;
