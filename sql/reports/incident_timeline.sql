-- The latest 500 incidents some article tells as its main story, by date: what happened, where,
-- who, UCDP's low/best/high death toll with the rule that chose best, and how many articles and
-- distinct sources report each (docs/incidents.md). The incident companion of event_timeline:
-- a strike that four articles report is one row here and four there.
-- Picks the 500 first and names their actors and places after, so it stays fast on millions of incidents.
-- Filters (NULL when not given): --country and --admin1 of the incident, --since and --until its
-- date, --actor its actor1 or actor2 (actor_id, name or alias, any case), --event-type its ACLED
-- event type or sub-event type; --param limit=N for another number of incidents than 500.
WITH named_actor AS (
    SELECT actor_id FROM actors WHERE actor_id = $actor OR lower(name) = lower($actor)
    UNION
    SELECT actor_id FROM actor_aliases WHERE lower(alias) = lower($actor)
), latest AS (
    SELECT *
    FROM incidents i
    WHERE headline_reports > 0
      AND ($country IS NULL OR i.country_code = $country)
      AND ($admin1 IS NULL OR lower(i.admin1_name) = lower($admin1))
      AND ($since IS NULL OR i.event_date >= $since::DATE)
      AND ($until IS NULL OR i.event_date <= $until::DATE)
      AND ($event_type IS NULL OR $event_type IN (i.event_type, i.sub_event_type))
      AND ($actor IS NULL OR i.actor1_id IN (FROM named_actor) OR i.actor2_id IN (FROM named_actor))
    ORDER BY event_date DESC NULLS LAST, incident_id
    LIMIT coalesce($limit::BIGINT, 500)
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
