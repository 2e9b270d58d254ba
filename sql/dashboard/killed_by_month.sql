-- Killed per month by victim kind, over the reporting period (overview.sql, first_month).
-- Each event's killed_best is split across victim kinds in proportion to the event's own
-- killed figures per kind (the largest non-vague, non-subset report of each kind; reports above
-- killed_best are left out, since the codebook did not take them as the best figure). An event
-- with no such report counts as 'unknown', so the months add up to killed_best.
WITH stories AS (
    SELECT min(article_id) AS article_id FROM articles GROUP BY coalesce(content_hash, article_id)
), period AS (
    SELECT date_trunc('month', min(published_on)) - INTERVAL 1 MONTH AS first_month FROM articles
), dated AS (
    SELECT e.event_id, date_trunc('month', e.event_date)::DATE AS month, e.killed_best
    FROM events e
    JOIN stories USING (article_id)
    CROSS JOIN period p
    WHERE e.killed_best > 0 AND e.event_date IS NOT NULL
      AND (e.event_date >= p.first_month OR p.first_month IS NULL)
), per_kind AS (
    SELECT c.event_id, c.victim_kind, max(coalesce(c.count_low, c.count_high)) AS killed
    FROM casualties c
    JOIN dated d USING (event_id)
    WHERE c.outcome = 'killed' AND c.qualifier <> 'vague' AND NOT c.is_subset
      AND coalesce(c.count_low, c.count_high) BETWEEN 1 AND d.killed_best
    GROUP BY ALL
), shares AS (
    SELECT event_id, victim_kind, killed / sum(killed) OVER (PARTITION BY event_id) AS share
    FROM per_kind
)
SELECT
    d.month,
    coalesce(s.victim_kind, 'unknown')            AS victim_kind,
    sum(d.killed_best * coalesce(s.share, 1.0))   AS killed
FROM dated d
LEFT JOIN shares s USING (event_id)
GROUP BY ALL
ORDER BY d.month, victim_kind;
