-- Events whose sources give different killed figures: each source's figure side by side, the 200
-- widest disagreements first. Events carry their sources' lowest and highest figure
-- (migration 003), so only the casualty rows of the events shown are read.
WITH disputed AS (
    SELECT event_id, article_id, killed_low, killed_best, killed_high,
           killed_sources_max - killed_sources_min AS spread
    FROM events
    WHERE killed_sources > 1 AND killed_sources_max > killed_sources_min
    ORDER BY spread DESC, event_id
    LIMIT 200
), per_source AS (
    SELECT c.event_id, coalesce(c.reported_by, '(uncredited)') AS source,
           max(coalesce(c.count_low, c.count_high)) AS killed
    FROM casualties c SEMI JOIN disputed d ON c.event_id = d.event_id
    WHERE c.outcome = 'killed' AND c.qualifier <> 'vague' AND NOT c.is_subset
    GROUP BY ALL
)
SELECT
    d.event_id,
    art.title,
    s.source,
    s.killed,
    d.killed_low,
    d.killed_best,
    d.killed_high
FROM disputed d
JOIN per_source s USING (event_id)
JOIN articles art ON art.article_id = d.article_id
ORDER BY d.spread DESC, d.event_id, s.killed;
