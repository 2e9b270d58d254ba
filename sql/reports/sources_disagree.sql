-- Events whose sources give different killed figures: every source's figure side by side.
WITH per_source AS (
    SELECT
        c.event_id,
        coalesce(c.reported_by, '(uncredited)') AS source,
        max(coalesce(c.count_low, c.count_high)) AS killed
    FROM casualties c
    WHERE c.outcome = 'killed' AND c.qualifier <> 'vague' AND NOT c.is_subset AND c.event_id IS NOT NULL
    GROUP BY ALL
), disputed AS (
    SELECT event_id FROM per_source GROUP BY event_id HAVING count(DISTINCT killed) > 1
)
SELECT
    e.event_id,
    art.title,
    s.source,
    s.killed,
    e.killed_low,
    e.killed_best,
    e.killed_high
FROM per_source s
JOIN disputed USING (event_id)
JOIN events e USING (event_id)
JOIN articles art ON art.article_id = e.article_id
ORDER BY e.event_id, s.killed;
