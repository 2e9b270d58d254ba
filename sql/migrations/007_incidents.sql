-- Incidents: one row per real-world event, however many articles report it (docs/codebook.md,
-- "Incidents"). Every event links to one (events.incident_id); an event that nothing else
-- reports is an incident of its own, named for that event. An incident is named for the
-- event that founded it, so its id stays the same as later reports join it. Its columns are
-- made from its tally (what its reports said: counts per value, each publisher's latest
-- figure), which a new report updates without re-reading the old ones; each source's own
-- figures stay in events and casualties (view incident_reports).
DROP VIEW IF EXISTS article_summary;
DROP VIEW IF EXISTS event_details;

ALTER TABLE events ADD COLUMN incident_id VARCHAR;

CREATE TABLE IF NOT EXISTS incidents (
    incident_id     VARCHAR NOT NULL,       -- the event_id of its first report (unique: see below)
    event_type      VARCHAR NOT NULL,
    sub_event_type  VARCHAR NOT NULL,
    event_date      DATE,                   -- the day most of its dated reports give
    date_earliest   DATE,                   -- the span its reports allow
    date_latest     DATE,
    place_id        VARCHAR,                -- the most precise place its reports agree on
    admin1_name     VARCHAR,
    country_code    VARCHAR,
    actor1_id       VARCHAR,
    actor2_id       VARCHAR,
    killed_low      BIGINT,                 -- the lowest credible report (UCDP GED)
    killed_best     BIGINT,                 -- by the rule in killed_best_rule
    killed_high     BIGINT,                 -- the highest report
    killed_best_rule VARCHAR,               -- one report | rising toll | most sources | lower of the most given
    wounded_low     BIGINT,
    wounded_best    BIGINT,
    wounded_high    BIGINT,
    n_events        INTEGER NOT NULL,
    n_articles      INTEGER NOT NULL,
    n_sources       INTEGER NOT NULL,       -- distinct publishers (an article without one is its own)
    killed_sources  INTEGER,                -- sources that give a death toll
    first_reported  DATE,                   -- the earliest publication date of its articles
    last_reported   DATE,
    updated_run_id  VARCHAR,
    tally           VARCHAR                 -- JSON: what its reports said (flows/incidents/tally.py)
);
-- No primary-key index, for the reasons of 005 and 006 (DuckDB rewrites a key index at every
-- checkpoint): one writer at a time, and an update deletes an incident's row before it inserts
-- the new one in the same transaction; the check incidents_complete verifies it per run.
