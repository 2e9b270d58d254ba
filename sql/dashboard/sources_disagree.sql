-- Where sources disagree: events whose sources give different killed figures (the idea of
-- sql/reports/sources_disagree.sql), one row per event, newest first, each source's figure
-- listed smallest first. `disputed_events` counts them all; $limit rows come back.
WITH stories AS (
    SELECT min(article_id) AS article_id FROM articles GROUP BY coalesce(content_hash, article_id)
), per_source AS (
    SELECT
        c.event_id,
        coalesce(c.reported_by, '(uncredited)')    AS source,
        max(coalesce(c.count_low, c.count_high))   AS killed
    FROM casualties c
    WHERE c.outcome = 'killed' AND c.qualifier <> 'vague' AND NOT c.is_subset AND c.event_id IS NOT NULL
    GROUP BY ALL
), disputed AS (
    SELECT event_id FROM per_source GROUP BY event_id HAVING count(DISTINCT killed) > 1
)
SELECT
    e.event_id,
    e.event_date,
    art.title,
    art.url,
    art.source_uri,
    p.name                                                   AS place_name,
    e.killed_low,
    e.killed_best,
    e.killed_high,
    list({'source': s.source, 'killed': s.killed} ORDER BY s.killed, s.source) AS figures,
    count(*) OVER ()                                         AS disputed_events
FROM per_source s
JOIN disputed USING (event_id)
JOIN events e USING (event_id)
JOIN stories ON stories.article_id = e.article_id
JOIN articles art ON art.article_id = e.article_id
LEFT JOIN places p ON p.place_id = e.place_id
GROUP BY ALL
ORDER BY e.event_date DESC NULLS LAST, e.event_id
LIMIT $limit;
