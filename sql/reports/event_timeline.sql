-- The latest 500 primary events by date: what happened, where, who, and the best fatality figure.
-- One row per article's headline event: a strike four articles report is four rows (incident_timeline: one).
-- Picks the 500 first and names their actors and places after, so it stays fast on millions of events.
WITH latest AS (
    SELECT *
    FROM events
    WHERE is_primary
    ORDER BY event_date DESC NULLS LAST, event_id
    LIMIT 500
)
SELECT
    e.event_date,
    e.date_precision,
    e.event_type,
    e.sub_event_type,
    a1.name       AS actor1,
    a2.name       AS actor2,
    p.name        AS place,
    p.admin1_name AS admin1,
    e.killed_best,
    e.wounded_best,
    art.title
FROM latest e
JOIN articles art USING (article_id)
LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
LEFT JOIN places p ON p.place_id = e.place_id
ORDER BY e.event_date DESC NULLS LAST, e.event_id;
