-- The world gazetteer indexed for lookups (sitrep/extract/place_store.py builds it once from
-- sitrep/data/places/*.csv.gz into a cache file; the warehouse never holds it whole).
CREATE TABLE places (
    row_id       INTEGER PRIMARY KEY,   -- the place's line in places.csv.gz
    place_id     TEXT NOT NULL,         -- gn:<geonameid> or cur:<cc>-<slug>
    name         TEXT NOT NULL,
    place_type   TEXT NOT NULL,         -- country, admin1, admin2, city, facility, region
    country_code TEXT,
    admin1_code  TEXT,
    admin1_name  TEXT,
    admin2_code  TEXT,
    admin2_name  TEXT,
    latitude     REAL,
    longitude    REAL,
    geonames_id  INTEGER,
    population   INTEGER NOT NULL,
    common_word  INTEGER NOT NULL       -- 1: the name is also an everyday English word
);

-- One row per (folded spelling, place): `kind_rank` 0 for the place's own names (canonical,
-- GeoNames', curated), 1 for derived short forms, 2 for alternate names.
CREATE TABLE names (
    name_key  TEXT NOT NULL,
    row_id    INTEGER NOT NULL,
    kind_rank INTEGER NOT NULL
);

-- Transliteration skeletons ("Dayr az Zawr" and "Deir ez-Zour" meet), per country: a fallback
-- only inside the article's own country.
CREATE TABLE skeletons (
    skeleton     TEXT NOT NULL,
    country_code TEXT NOT NULL,
    row_id       INTEGER NOT NULL
);

-- The first word of every spelling and the most words a spelling that opens with it has: an
-- article's capitalised words that open no name are not looked up further.
CREATE TABLE first_tokens (
    first_key  TEXT PRIMARY KEY,
    max_tokens INTEGER NOT NULL
);

CREATE TABLE build_info (key TEXT PRIMARY KEY, value TEXT);
