-- The input files a run read whole and loaded, with their size and modification time: a re-run
-- skips a file that has not changed without opening it (re-runs over large archives are then
-- bound by stat(), not by reading and decoding every article again).
CREATE TABLE IF NOT EXISTS source_files (
    path        VARCHAR PRIMARY KEY,
    size        BIGINT NOT NULL,
    mtime_ns    BIGINT NOT NULL,
    articles    INTEGER NOT NULL,     -- the articles it held, counted as unchanged when skipped
    recorded_at TIMESTAMP NOT NULL
);
