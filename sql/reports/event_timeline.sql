-- The latest 500 primary events by date: what happened, where, who, and the best fatality figure.
-- One row per article's headline event: a strike four articles report is four rows (incident_timeline: one).
-- Picks the 500 first and names their actors and places after, so it stays fast on millions of events.
-- Filters (NULL when not given): --country and --admin1 of the event's place, --since and --until
-- its date, --actor its actor1 or actor2 (actor_id, name or alias, any case), --event-type its ACLED
-- event type or sub-event type; --param limit=N for another number of events than 500.
WITH named_actor AS (
    SELECT actor_id FROM actors WHERE actor_id = $actor OR lower(name) = lower($actor)
    UNION
    SELECT actor_id FROM actor_aliases WHERE lower(alias) = lower($actor)
), latest AS (
    SELECT *
    FROM events e
    WHERE is_primary
      AND ($since IS NULL OR e.event_date >= $since::DATE)
      AND ($until IS NULL OR e.event_date <= $until::DATE)
      AND ($event_type IS NULL OR $event_type IN (e.event_type, e.sub_event_type))
      AND ($actor IS NULL OR e.actor1_id IN (FROM named_actor) OR e.actor2_id IN (FROM named_actor))
      AND ($country IS NULL AND $admin1 IS NULL OR e.place_id IN (
              FROM places SELECT place_id
              WHERE ($country IS NULL OR country_code = $country)
                AND ($admin1 IS NULL OR lower(admin1_name) = lower($admin1))))
    ORDER BY event_date DESC NULLS LAST, event_id
    LIMIT coalesce($limit::BIGINT, 500)
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
