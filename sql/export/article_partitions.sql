-- The partition of each article for `sitrep export`: the year and month of its primary event
-- (`$by` = 'event'; the ingestion month where the event has no date) or of its ingestion
-- (`$by` = 'ingestion').
SELECT
    a.article_id,
    year(coalesce(CASE WHEN $by = 'event' THEN e.event_date END, a.ingested_at::DATE))  AS year,
    month(coalesce(CASE WHEN $by = 'event' THEN e.event_date END, a.ingested_at::DATE)) AS month
FROM articles a
LEFT JOIN events e ON e.article_id = a.article_id AND e.is_primary
