-- Incidents whose sources give different death tolls: each article's own figure beside the
-- incident's low, best and high (and the rule that chose best), the 200 widest first. An
-- incident one article reports with a range ("between 30 and 40") shows that one article.
WITH disputed AS (
    SELECT incident_id, killed_low, killed_best, killed_high, killed_best_rule,
           killed_high - killed_low AS spread
    FROM incidents
    WHERE killed_high > killed_low
    ORDER BY spread DESC, incident_id
    LIMIT 200
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
