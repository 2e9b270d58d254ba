-- Killed per month by victim kind, over the reporting period (overview.sql, first_month),
-- each incident once (docs/incidents.md): an incident's killed_best is split across victim
-- kinds in proportion to its reports' killed figures per kind (the largest non-vague,
-- non-subset figure of each kind; figures above killed_best are left out, since the rule did
-- not take them as the best). An incident with no such figure counts as 'unknown', so the
-- months add up to the incidents' killed_best.
WITH period AS (
    SELECT date_trunc('month', min(published_on)) - INTERVAL 1 MONTH AS first_month FROM articles
), dated AS (
    SELECT i.incident_id, date_trunc('month', i.event_date)::DATE AS month, i.killed_best
    FROM incidents i
    CROSS JOIN period p
    WHERE i.killed_best > 0 AND i.event_date IS NOT NULL
      AND (i.event_date >= p.first_month OR p.first_month IS NULL)
), per_kind AS (
    SELECT e.incident_id, c.victim_kind, max(coalesce(c.count_low, c.count_high)) AS killed
    FROM casualties c
    JOIN events e USING (event_id)
    JOIN dated d ON d.incident_id = e.incident_id
    WHERE c.outcome = 'killed' AND c.qualifier <> 'vague' AND NOT c.is_subset
      AND coalesce(c.count_low, c.count_high) BETWEEN 1 AND d.killed_best
    GROUP BY ALL
), shares AS (
    SELECT incident_id, victim_kind, killed / sum(killed) OVER (PARTITION BY incident_id) AS share
    FROM per_kind
)
SELECT
    d.month,
    coalesce(s.victim_kind, 'unknown')            AS victim_kind,
    sum(d.killed_best * coalesce(s.share, 1.0))   AS killed
FROM dated d
LEFT JOIN shares s USING (incident_id)
GROUP BY ALL
ORDER BY d.month, victim_kind;
