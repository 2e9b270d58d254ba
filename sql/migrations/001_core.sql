-- The warehouse (docs/warehouse.md): one table per row kind. Every extracted row keeps its
-- article, sentence and character offsets into articles.text.

CREATE TABLE IF NOT EXISTS articles (
    article_id   VARCHAR PRIMARY KEY,       -- 16 hex of sha256(file name + text): re-runs are no-ops
    content_hash VARCHAR,                   -- 16 hex of sha256(text): copies of one story share it
    source_uri   VARCHAR NOT NULL,
    title        VARCHAR,
    publisher    VARCHAR,
    published_on DATE,
    copyright    VARCHAR,
    text         VARCHAR NOT NULL,
    url          VARCHAR,
    external_id  VARCHAR,
    ingested_at  TIMESTAMP NOT NULL,
    run_id       VARCHAR
);

CREATE TABLE IF NOT EXISTS sentences (
    article_id  VARCHAR NOT NULL,
    sentence_no INTEGER NOT NULL,           -- 0 is the title
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    PRIMARY KEY (article_id, sentence_no)
);

CREATE TABLE IF NOT EXISTS actors (
    actor_id     VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    actor_type   VARCHAR NOT NULL,
    country_code VARCHAR,
    side         VARCHAR,                   -- coarse class for analysis: government, isis, ...
    victim_kind  VARCHAR                    -- what kind of victims its members are
);

CREATE TABLE IF NOT EXISTS actor_aliases (
    actor_id VARCHAR NOT NULL,
    alias    VARCHAR NOT NULL,
    PRIMARY KEY (actor_id, alias)
);

CREATE TABLE IF NOT EXISTS actor_mentions (
    article_id  VARCHAR NOT NULL,
    actor_id    VARCHAR NOT NULL,
    sentence_no INTEGER NOT NULL,
    surface     VARCHAR NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS places (
    place_id     VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    place_type   VARCHAR NOT NULL,          -- country, admin1, city, facility, region
    country_code VARCHAR,
    admin1_name  VARCHAR,
    latitude     DOUBLE,
    longitude    DOUBLE,
    geonames_id  BIGINT
);

CREATE TABLE IF NOT EXISTS place_mentions (
    article_id  VARCHAR NOT NULL,
    place_id    VARCHAR NOT NULL,
    sentence_no INTEGER NOT NULL,
    surface     VARCHAR NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
    event_id       VARCHAR PRIMARY KEY,
    article_id     VARCHAR NOT NULL,
    sentence_no    INTEGER NOT NULL,
    event_type     VARCHAR NOT NULL,
    sub_event_type VARCHAR NOT NULL,
    actor1_id      VARCHAR,
    actor2_id      VARCHAR,
    place_id       VARCHAR,
    event_date     DATE,
    date_precision VARCHAR,                 -- day, month, year
    date_text      VARCHAR,
    date_source    VARCHAR,                 -- text | published_on | none
    is_primary     BOOLEAN NOT NULL,
    killed_low     INTEGER,
    killed_best    INTEGER,
    killed_high    INTEGER,
    wounded_low    INTEGER,
    wounded_best   INTEGER,
    wounded_high   INTEGER,
    char_start     INTEGER,                 -- the trigger words
    char_end       INTEGER
);

CREATE TABLE IF NOT EXISTS casualties (
    casualty_id          VARCHAR PRIMARY KEY,
    article_id           VARCHAR NOT NULL,
    event_id             VARCHAR,
    sentence_no          INTEGER NOT NULL,
    outcome              VARCHAR NOT NULL,  -- killed | wounded
    count_low            BIGINT,
    count_high           BIGINT,
    qualifier            VARCHAR NOT NULL,
    victim_group         VARCHAR,
    victim_kind          VARCHAR NOT NULL,
    victim_actor_id      VARCHAR,
    perpetrator_actor_id VARCHAR,
    reported_by          VARCHAR,
    reported_by_actor_id VARCHAR,
    is_subset            BOOLEAN NOT NULL,  -- part of another figure ("including seven children")
    char_start           INTEGER NOT NULL,
    char_end             INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS quotes (
    quote_id         VARCHAR PRIMARY KEY,
    article_id       VARCHAR NOT NULL,
    sentence_no      INTEGER NOT NULL,
    speaker          VARCHAR,
    speaker_actor_id VARCHAR,
    text             VARCHAR NOT NULL,
    char_start       INTEGER NOT NULL,
    char_end         INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS date_mentions (
    article_id       VARCHAR NOT NULL,
    sentence_no      INTEGER NOT NULL,
    surface          VARCHAR NOT NULL,
    char_start       INTEGER NOT NULL,
    char_end         INTEGER NOT NULL,
    resolved         DATE,
    precision        VARCHAR,
    weekday_conflict BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    source_uri VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    detail     VARCHAR,
    seen_at    TIMESTAMP NOT NULL,
    run_id     VARCHAR,
    PRIMARY KEY (source_uri, reason)
);

CREATE TABLE IF NOT EXISTS pipeline_runs (
    run_id               VARCHAR PRIMARY KEY,
    started_at           TIMESTAMP NOT NULL,
    finished_at          TIMESTAMP,
    status               VARCHAR NOT NULL,  -- running, completed, completed_with_warnings, failed
    articles_read        INTEGER DEFAULT 0,
    articles_new         INTEGER DEFAULT 0,
    articles_unchanged   INTEGER DEFAULT 0,
    articles_quarantined INTEGER DEFAULT 0,
    events               INTEGER DEFAULT 0,
    casualties           INTEGER DEFAULT 0,
    warnings             INTEGER DEFAULT 0,
    inputs               VARCHAR,
    message              VARCHAR
);

CREATE TABLE IF NOT EXISTS quality_checks (
    run_id     VARCHAR NOT NULL,
    check_name VARCHAR NOT NULL,
    failures   BIGINT NOT NULL,
    severity   VARCHAR NOT NULL,            -- error | warning
    detail     VARCHAR,
    checked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (run_id, check_name)
);
