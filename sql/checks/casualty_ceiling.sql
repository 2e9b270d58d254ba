-- severity: warning
-- A casualty figure above the run's ceiling (sitrep run --casualty-ceiling, default 100,000) is more likely a misread number than a report.
-- Like every check, over the articles this run loaded ($run_id): its cost follows the run, not the warehouse.
WITH run_articles AS (SELECT article_id FROM articles WHERE run_id = $run_id)
SELECT casualty_id FROM casualties SEMI JOIN run_articles USING (article_id)
WHERE greatest(coalesce(count_low, 0), coalesce(count_high, 0)) > $casualty_ceiling
UNION ALL
SELECT event_id FROM events SEMI JOIN run_articles USING (article_id)
WHERE greatest(coalesce(killed_high, 0), coalesce(killed_best, 0), coalesce(wounded_high, 0), coalesce(wounded_best, 0)) > $casualty_ceiling;
