-- Event fatalities as wide as the casualty figures they add up: per-group figures of one list
-- are summed ("12 soldiers and 20 fighters"), and a sum above 2^31 failed a whole batch.
ALTER TABLE events ALTER COLUMN killed_low TYPE BIGINT;
ALTER TABLE events ALTER COLUMN killed_best TYPE BIGINT;
ALTER TABLE events ALTER COLUMN killed_high TYPE BIGINT;
ALTER TABLE events ALTER COLUMN wounded_low TYPE BIGINT;
ALTER TABLE events ALTER COLUMN wounded_best TYPE BIGINT;
ALTER TABLE events ALTER COLUMN wounded_high TYPE BIGINT;

-- What a run needs to say about itself: batches that failed to load (their articles are
-- retried by the next run) and the limits it ran with (why an input was too large or a
-- figure flagged), as JSON.
ALTER TABLE pipeline_runs ADD COLUMN failed_batches INTEGER DEFAULT 0;
ALTER TABLE pipeline_runs ADD COLUMN settings VARCHAR;
