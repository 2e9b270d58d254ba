-- Each article's own report of an incident, beside the incident's figures: its source, when it
-- was published and the largest death and injury figures its events of the incident give.
-- The incident's low/best/high are made from the same figures (sitrep/incidents/tally.py).
CREATE OR REPLACE VIEW incident_reports AS
SELECT
    e.incident_id,
    e.article_id,
    coalesce(art.publisher, art.content_hash, e.article_id) AS source,
    art.title,
    art.published_on,
    count(*)             AS events,
    max(e.killed_best)   AS killed_best,
    max(e.wounded_best)  AS wounded_best,
    bool_or(e.is_primary) AS is_headline
FROM events e
JOIN articles art USING (article_id)
GROUP BY e.incident_id, e.article_id, art.publisher, art.content_hash, art.title, art.published_on;
