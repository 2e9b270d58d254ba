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
    headline_reports INTEGER NOT NULL,      -- articles whose main story (primary event) it is
    killed_sources  INTEGER,                -- sources that give a death toll
    first_reported  DATE,                   -- the earliest publication date of its articles
    last_reported   DATE,
    updated_run_id  VARCHAR
);

-- The incidents another article's report may still join (some article tells it as its main
-- story, with a death toll of five or more: sitrep/incidents/rules.py), and those of several
-- articles, with what the matcher looks them up by and their tally: what their reports said (JSON: counts per value, each publisher's
-- latest figure...; sitrep/incidents/tally.py), so that a new report updates an incident
-- without re-reading its earlier ones. Kept apart from `incidents` so that looking up the
-- candidates of a batch reads a small table; any other incident has no row here (a copy of
-- one of its texts that joins it later rebuilds its tally from its events).
CREATE TABLE IF NOT EXISTS incident_tallies (
    incident_id      VARCHAR NOT NULL,
    event_type       VARCHAR NOT NULL,
    sub_event_type   VARCHAR NOT NULL,
    country_code     VARCHAR,
    admin1_name      VARCHAR,
    event_date       DATE,
    place_id         VARCHAR,
    headline_reports INTEGER NOT NULL,
    killed_low       BIGINT,
    killed_high      BIGINT,
    tally            VARCHAR NOT NULL
);
-- No primary-key index, for the reasons of 005 and 006 (DuckDB rewrites a key index at every
-- checkpoint): one writer at a time, and an update deletes an incident's row before it inserts
-- the new one in the same transaction; the check incidents_complete verifies it per run.
