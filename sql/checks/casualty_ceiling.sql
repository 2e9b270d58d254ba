-- severity: warning
-- A casualty figure above the run's ceiling (sitrep run --casualty-ceiling, default 100,000) is more likely a misread number than a report.
-- Like every check, over the articles this run loaded ($run_id): its cost follows the run, not the warehouse.
-- Each row says where the figure was read (`sitrep check casualty_ceiling` prints them).
WITH run_articles AS (SELECT article_id, source_uri, text FROM articles WHERE run_id = $run_id),
over AS (
    SELECT casualty_id AS row_id, article_id, char_start, char_end,
           greatest(coalesce(count_low, 0), coalesce(count_high, 0)) AS figure
    FROM casualties SEMI JOIN run_articles USING (article_id)
    WHERE greatest(coalesce(count_low, 0), coalesce(count_high, 0)) > $casualty_ceiling
    UNION ALL
    SELECT event_id, article_id, char_start, char_end,
           greatest(coalesce(killed_high, 0), coalesce(killed_best, 0), coalesce(wounded_high, 0), coalesce(wounded_best, 0))
    FROM events SEMI JOIN run_articles USING (article_id)
    WHERE greatest(coalesce(killed_high, 0), coalesce(killed_best, 0), coalesce(wounded_high, 0), coalesce(wounded_best, 0)) > $casualty_ceiling
)
SELECT o.row_id, o.figure, a.source_uri, substr(a.text, o.char_start + 1, o.char_end - o.char_start) AS words
FROM over o JOIN run_articles a USING (article_id);
