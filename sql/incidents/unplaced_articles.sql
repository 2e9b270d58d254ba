-- Up to $articles articles with events that have no incident (left by a version of sitrep
-- before incidents, or by hand): the next pass places all of their events.
CREATE OR REPLACE TEMP TABLE pending_articles AS
SELECT DISTINCT article_id FROM events WHERE incident_id IS NULL ORDER BY article_id LIMIT $articles;
