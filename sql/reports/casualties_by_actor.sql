-- Killed and wounded by perpetrator and victim kind (non-vague figures that are not subsets; linked to an event).
-- Counts figures as each article reports them: a strike four articles report counts four times here
-- (incident_timeline and the incidents table count it once).
-- Aggregates the casualty rows first and names the few actors after, so it stays fast on millions of rows;
-- "articles" is DuckDB's approximate distinct count (HyperLogLog, about 2% error).
-- Filters (NULL when not given): --actor the perpetrator (actor_id, name or alias, any case);
-- --country and --admin1 of the event's place, --since and --until its date, --event-type its
-- ACLED event type or sub-event type choose the events whose figures count.
WITH perpetrator AS (
    SELECT actor_id FROM actors WHERE actor_id = $actor OR lower(name) = lower($actor)
    UNION
    SELECT actor_id FROM actor_aliases WHERE lower(alias) = lower($actor)
), matching_events AS (      -- empty when no filter of events is given: DuckDB then skips it
    SELECT e.event_id
    FROM events e
    WHERE NOT ($country IS NULL AND $admin1 IS NULL AND $since IS NULL AND $until IS NULL AND $event_type IS NULL)
      AND ($since IS NULL OR e.event_date >= $since::DATE)
      AND ($until IS NULL OR e.event_date <= $until::DATE)
      AND ($event_type IS NULL OR $event_type IN (e.event_type, e.sub_event_type))
      AND ($country IS NULL AND $admin1 IS NULL OR e.place_id IN (
              FROM places SELECT place_id
              WHERE ($country IS NULL OR country_code = $country)
                AND ($admin1 IS NULL OR lower(admin1_name) = lower($admin1))))
), totals AS (
    SELECT
        perpetrator_actor_id,
        victim_kind,
        count(*)                                                           AS reports,
        sum(coalesce(count_low, count_high)) FILTER (WHERE outcome = 'killed')  AS killed,
        sum(coalesce(count_low, count_high)) FILTER (WHERE outcome = 'wounded') AS wounded,
        approx_count_distinct(article_id)                                  AS articles
    FROM casualties
    WHERE qualifier <> 'vague' AND NOT is_subset AND event_id IS NOT NULL
      AND ($actor IS NULL OR perpetrator_actor_id IN (FROM perpetrator))
      AND (($country IS NULL AND $admin1 IS NULL AND $since IS NULL AND $until IS NULL AND $event_type IS NULL)
           OR event_id IN (FROM matching_events))
    GROUP BY ALL
)
SELECT
    coalesce(p.name, '(unattributed)') AS perpetrator,
    t.victim_kind,
    t.reports,
    t.killed,
    t.wounded,
    t.articles
FROM totals t
LEFT JOIN actors p ON p.actor_id = t.perpetrator_actor_id
ORDER BY t.killed DESC NULLS LAST, t.reports DESC;
