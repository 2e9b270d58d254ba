-- Incidents whose sources give different death tolls: each article's own figure beside the
-- incident's low, best and high (and the rule that chose best), the 200 widest first. An
-- incident one article reports with a range ("between 30 and 40") shows that one article.
-- Filters (NULL when not given): --country and --admin1 of the incident, --since and --until its
-- date, --actor its actor1 or actor2 (actor_id, name or alias, any case), --event-type its ACLED
-- event type or sub-event type; --param limit=N for another number of incidents than 200.
WITH named_actor AS (
    SELECT actor_id FROM actors WHERE actor_id = $actor OR lower(name) = lower($actor)
    UNION
    SELECT actor_id FROM actor_aliases WHERE lower(alias) = lower($actor)
), disputed AS (
    SELECT incident_id, killed_low, killed_best, killed_high, killed_best_rule,
           killed_high - killed_low AS spread
    FROM incidents i
    WHERE killed_high > killed_low
      AND ($country IS NULL OR i.country_code = $country)
      AND ($admin1 IS NULL OR lower(i.admin1_name) = lower($admin1))
      AND ($since IS NULL OR i.event_date >= $since::DATE)
      AND ($until IS NULL OR i.event_date <= $until::DATE)
      AND ($event_type IS NULL OR $event_type IN (i.event_type, i.sub_event_type))
      AND ($actor IS NULL OR i.actor1_id IN (FROM named_actor) OR i.actor2_id IN (FROM named_actor))
    ORDER BY spread DESC, incident_id
    LIMIT coalesce($limit::BIGINT, 200)
), reports AS (
    SELECT r.incident_id, r.source, r.title, r.published_on, r.killed_best AS killed
    FROM incident_reports r SEMI JOIN disputed d ON r.incident_id = d.incident_id
    WHERE r.killed_best IS NOT NULL
)
SELECT
    d.incident_id,
    r.source,
    r.published_on,
    r.killed,
    d.killed_low,
    d.killed_best,
    d.killed_high,
    d.killed_best_rule,
    r.title
FROM disputed d
JOIN reports r USING (incident_id)
ORDER BY d.spread DESC, d.incident_id, r.published_on NULLS LAST, r.killed;
