-- Killed and wounded by perpetrator and victim kind (non-vague figures that are not subsets; linked to an event).
-- Counts figures as each article reports them: a strike four articles report counts four times here
-- (incident_timeline and the incidents table count it once).
-- Aggregates the casualty rows first and names the few actors after, so it stays fast on millions of rows;
-- "articles" is DuckDB's approximate distinct count (HyperLogLog, about 2% error).
WITH totals AS (
    SELECT
        perpetrator_actor_id,
        victim_kind,
        count(*)                                                           AS reports,
        sum(coalesce(count_low, count_high)) FILTER (WHERE outcome = 'killed')  AS killed,
        sum(coalesce(count_low, count_high)) FILTER (WHERE outcome = 'wounded') AS wounded,
        approx_count_distinct(article_id)                                  AS articles
    FROM casualties
    WHERE qualifier <> 'vague' AND NOT is_subset AND event_id IS NOT NULL
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
