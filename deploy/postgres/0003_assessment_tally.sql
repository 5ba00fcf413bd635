-- RuleOfLaw storage schema, version 3: each case's assessment tally beside its projection
-- (domain.md §5, docs/assessment.md).
--
-- The node writes tally_json (the case's counters by report day and registration day, JSON) and
-- the scopes it is attributed to (assessed_unit: the unit the case is or was last dispatched to;
-- reported_by: its reporter) in the same transaction as every event, so the live assessment is
-- rebuilt exactly from these rows after a crash. Rows of cases that see no event after this
-- migration keep NULL and stay out of the assessment until their next event.

ALTER TABLE incident_projection
    ADD COLUMN tally_json    text NULL,
    ADD COLUMN assessed_unit text NULL,
    ADD COLUMN reported_by   text NULL;

CREATE INDEX ix_incident_projection_assessed_unit ON incident_projection (assessed_unit);

CREATE INDEX ix_incident_projection_reported_by ON incident_projection (reported_by);
