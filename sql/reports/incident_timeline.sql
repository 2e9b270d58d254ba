-- The latest 500 incidents some article tells as its main story, by date: what happened, where,
-- who, UCDP's low/best/high death toll with the rule that chose best, and how many articles and
-- distinct sources report each (docs/incidents.md). The incident companion of event_timeline:
-- a strike that four articles report is one row here and four there.
-- Picks the 500 first and names their actors and places after, so it stays fast on millions of incidents.
WITH latest AS (
    SELECT *
    FROM incidents
    WHERE headline_reports > 0
    ORDER BY event_date DESC NULLS LAST, incident_id
    LIMIT 500
)
SELECT
    i.event_date,
    i.event_type,
    i.sub_event_type,
    a1.name       AS actor1,
    a2.name       AS actor2,
    p.name        AS place,
    i.admin1_name AS admin1,
    i.killed_low,
    i.killed_best,
    i.killed_high,
    i.killed_best_rule,
    i.wounded_best,
    i.n_articles,
    i.n_sources,
    i.incident_id
FROM latest i
LEFT JOIN actors a1 ON a1.actor_id = i.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = i.actor2_id
LEFT JOIN places p ON p.place_id = i.place_id
ORDER BY i.event_date DESC NULLS LAST, i.incident_id;
