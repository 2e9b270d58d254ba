-- ACLED's geo-precision, for places and events (docs/codebook.md, "Places below the city"):
-- 1 the place itself, 2 near it or a part of it (a neighbourhood at its city's point, an
-- event "near" a town), 3 only the admin region. Earlier rows stay NULL: they were coded
-- before sitrep said.
-- The views are re-created after every migration.
DROP VIEW IF EXISTS article_summary;
DROP VIEW IF EXISTS event_details;
DROP VIEW IF EXISTS incident_summary;
DROP VIEW IF EXISTS incident_reports;

ALTER TABLE places ADD COLUMN geo_precision INTEGER;
ALTER TABLE events ADD COLUMN geo_precision INTEGER;
