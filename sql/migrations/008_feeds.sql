-- News feeds (sitrep run --feed/--feeds; sitrep/ingest/feeds.py). Each feed's state lets the
-- next run ask only for what changed (conditional requests) and keeps a failing feed from
-- being asked again and again; each item seen is kept so that no page is fetched twice.
-- The views are re-created after every migration.
DROP VIEW IF EXISTS article_summary;
DROP VIEW IF EXISTS event_details;
DROP VIEW IF EXISTS incident_summary;
DROP VIEW IF EXISTS incident_reports;

ALTER TABLE articles ADD COLUMN feed_url VARCHAR;    -- the feed an article came from (NULL: a file)

CREATE TABLE IF NOT EXISTS feeds (
    feed_url             VARCHAR PRIMARY KEY,   -- as the user gave it
    title                VARCHAR,               -- the feed's own title (the outlet)
    site_url             VARCHAR,               -- the feed's link to its site
    etag                 VARCHAR,               -- validators of the last full answer, sent back
    last_modified        VARCHAR,               --   as If-None-Match / If-Modified-Since
    last_checked_at      TIMESTAMP,             -- the last time a run asked for it
    last_success_at      TIMESTAMP,             -- the last time it answered with a feed (or 304)
    last_status          VARCHAR,               -- 'ok', 'not_modified', or the reason it failed
    last_error           VARCHAR,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_check_after     TIMESTAMP,             -- a failing feed rests until then (backoff)
    items_seen           INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS feed_items (
    item_key    VARCHAR PRIMARY KEY,   -- the item's URL, normalised (fragment and tracking tags dropped)
    feed_url    VARCHAR NOT NULL,      -- the feed it was first seen in
    guid        VARCHAR,               -- the feed's id for it (RSS guid, Atom id)
    url         VARCHAR NOT NULL,      -- the link as the feed gave it
    title       VARCHAR,
    published   TIMESTAMP,             -- the feed's date for it
    status      VARCHAR NOT NULL,      -- coded | quarantined (for good) | failed (may pass: tried again)
    reason      VARCHAR,               -- for quarantined and failed: quarantine.reason
    attempts    INTEGER NOT NULL DEFAULT 1, -- fetches tried; a transient failure is retried a few runs
    article_id  VARCHAR,               -- the article its page became
    first_seen  TIMESTAMP NOT NULL,
    fetched_at  TIMESTAMP
);
