-- The digest of each reference data set last loaded into the warehouse (the actor catalogue):
-- a run reloads it only when the files changed, instead of upserting 60,000 rows every run
-- (0.4 s of a one-article run).
CREATE TABLE IF NOT EXISTS reference_versions (
    name      VARCHAR PRIMARY KEY,
    digest    VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
