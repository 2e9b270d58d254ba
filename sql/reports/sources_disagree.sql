-- Events whose sources give different killed figures: each source's figure side by side, the 200
-- widest disagreements first. The figures are grouped before anything is joined, so it stays fast
-- on millions of casualty rows.
WITH per_source AS (
    SELECT
        event_id,
        coalesce(reported_by, '(uncredited)')   AS source,
        max(coalesce(count_low, count_high))    AS killed
    FROM casualties
    WHERE outcome = 'killed' AND qualifier <> 'vague' AND NOT is_subset AND event_id IS NOT NULL
    GROUP BY ALL
), disputed AS (
    SELECT event_id, max(killed) - min(killed) AS spread
    FROM per_source
    GROUP BY event_id
    HAVING count(DISTINCT killed) > 1
    ORDER BY spread DESC, event_id
    LIMIT 200
)
SELECT
    e.event_id,
    art.title,
    s.source,
    s.killed,
    e.killed_low,
    e.killed_best,
    e.killed_high
FROM disputed d
JOIN per_source s USING (event_id)
JOIN events e USING (event_id)
JOIN articles art ON art.article_id = e.article_id
ORDER BY d.spread DESC, e.event_id, s.killed;
