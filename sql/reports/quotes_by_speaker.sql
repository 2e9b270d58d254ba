-- Who is quoted, how often, in how many articles, with an example.
-- Filters (NULL when not given) choose the articles by their headline (primary) event: --country
-- and --admin1 of its place, --since and --until its date, --actor its actor1 or actor2 (actor_id,
-- name or alias, any case), --event-type its ACLED event type or sub-event type.
WITH named_actor AS (
    SELECT actor_id FROM actors WHERE actor_id = $actor OR lower(name) = lower($actor)
    UNION
    SELECT actor_id FROM actor_aliases WHERE lower(alias) = lower($actor)
), about AS (              -- empty when no filter is given: DuckDB then skips it
    SELECT e.article_id
    FROM events e
    WHERE NOT ($country IS NULL AND $admin1 IS NULL AND $since IS NULL AND $until IS NULL AND $actor IS NULL
               AND $event_type IS NULL)
      AND e.is_primary
      AND ($since IS NULL OR e.event_date >= $since::DATE)
      AND ($until IS NULL OR e.event_date <= $until::DATE)
      AND ($event_type IS NULL OR $event_type IN (e.event_type, e.sub_event_type))
      AND ($actor IS NULL OR e.actor1_id IN (FROM named_actor) OR e.actor2_id IN (FROM named_actor))
      AND ($country IS NULL AND $admin1 IS NULL OR e.place_id IN (
              FROM places SELECT place_id
              WHERE ($country IS NULL OR country_code = $country)
                AND ($admin1 IS NULL OR lower(admin1_name) = lower($admin1))))
)
SELECT
    q.speaker,
    a.actor_type,
    count(*)                     AS quotes,
    count(DISTINCT q.article_id) AS articles,
    any_value(q.text)            AS example
FROM quotes q
LEFT JOIN actors a ON a.actor_id = q.speaker_actor_id
WHERE ($country IS NULL AND $admin1 IS NULL AND $since IS NULL AND $until IS NULL AND $actor IS NULL
       AND $event_type IS NULL)
   OR q.article_id IN (FROM about)
GROUP BY ALL
ORDER BY quotes DESC, q.speaker;
