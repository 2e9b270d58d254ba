-- One article per source: a file, a row of a table with an id, a page's URL. When a run reads
-- a source again and its text has changed, the new version replaces the old one's rows in the
-- batch's transaction, and the old version goes to article_history; `sitrep forget` moves an
-- article there too (sitrep/load/history.py, README "Guarantees").
-- The views are re-created after every migration.
DROP VIEW IF EXISTS article_summary;
DROP VIEW IF EXISTS event_details;
DROP VIEW IF EXISTS incident_summary;
DROP VIEW IF EXISTS incident_reports;

-- Where the article was read from, however the path was written on the command line: the
-- file's absolute path, or the page's URL (sitrep/ingest/text.py, source_path).
ALTER TABLE articles ADD COLUMN source_path VARCHAR;
-- What makes two versions one article: source_path for a file or a page, source_path#id for a
-- row of a table with an id column; NULL for a row without one (its row number is no identity:
-- a row added above it would shift it), which is never replaced.
ALTER TABLE articles ADD COLUMN source_key VARCHAR;

-- Articles loaded before this version: their path as it was given then (it may be relative;
-- a run and `sitrep forget` match such a key by the path as given as well), a table's rows
-- told apart from files by their "file.csv#row" source_uri.
UPDATE articles SET
    source_path = CASE WHEN regexp_matches(source_uri, '\.(csv|jsonl|parquet)#[^/]*$', 'i')
                       THEN regexp_replace(source_uri, '#[^/]*$', '') ELSE source_uri END,
    source_key  = CASE WHEN NOT regexp_matches(source_uri, '\.(csv|jsonl|parquet)#[^/]*$', 'i')
                       OR external_id IS NOT NULL THEN source_uri END;

-- Articles that left the warehouse: replaced by a new version of their source, or forgotten
-- (`sitrep forget`). Each keeps its whole articles row (its text: sitrep codes a text the same
-- way every time, so its rows can be made again) and a summary of what it had coded.
-- One row each time an article leaves (a text that comes back and leaves again has two).
CREATE TABLE IF NOT EXISTS article_history (
    article_id             VARCHAR NOT NULL,
    content_hash           VARCHAR,
    source_uri             VARCHAR NOT NULL,
    source_path            VARCHAR,
    source_key             VARCHAR,
    title                  VARCHAR,
    publisher              VARCHAR,
    published_on           DATE,
    copyright              VARCHAR,
    text                   VARCHAR NOT NULL,
    url                    VARCHAR,
    external_id            VARCHAR,
    feed_url               VARCHAR,
    ingested_at            TIMESTAMP NOT NULL,  -- when it was loaded
    run_id                 VARCHAR,             -- the run that loaded it
    removed                VARCHAR NOT NULL,    -- replaced | forgotten
    removed_at             TIMESTAMP NOT NULL,
    replaced_by_article_id VARCHAR,             -- the new version (NULL: forgotten)
    replaced_by_run_id     VARCHAR,             -- the run that loaded it (NULL: forgotten)
    coded                  VARCHAR              -- JSON: rows per table, its primary event (sql/history/record.sql)
);

-- How many of a run's new articles were new versions that replaced an older one.
ALTER TABLE pipeline_runs ADD COLUMN articles_replaced INTEGER DEFAULT 0;
