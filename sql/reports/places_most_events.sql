-- Places with the most events, with coordinates for a map.
-- Filters (NULL when not given): --country and --admin1 of the place; --since, --until, --actor
-- (actor1 or actor2: actor_id, name or alias, any case) and --event-type (ACLED event type or
-- sub-event type) choose the events counted; --param limit=N for another number of places than 100.
WITH named_actor AS (
    SELECT actor_id FROM actors WHERE actor_id = $actor OR lower(name) = lower($actor)
    UNION
    SELECT actor_id FROM actor_aliases WHERE lower(alias) = lower($actor)
)
SELECT
    p.name,
    p.place_type,
    p.admin1_name,
    p.country_code,
    p.latitude,
    p.longitude,
    count(*)                          AS events,
    count(*) FILTER (WHERE e.is_primary) AS primary_events,
    sum(e.killed_best)                AS killed_best
FROM events e
JOIN places p USING (place_id)
WHERE ($country IS NULL OR p.country_code = $country)
  AND ($admin1 IS NULL OR lower(p.admin1_name) = lower($admin1))
  AND ($since IS NULL OR e.event_date >= $since::DATE)
  AND ($until IS NULL OR e.event_date <= $until::DATE)
  AND ($event_type IS NULL OR $event_type IN (e.event_type, e.sub_event_type))
  AND ($actor IS NULL OR e.actor1_id IN (FROM named_actor) OR e.actor2_id IN (FROM named_actor))
GROUP BY ALL
ORDER BY events DESC, killed_best DESC NULLS LAST, p.name
LIMIT coalesce($limit::BIGINT, 100);
