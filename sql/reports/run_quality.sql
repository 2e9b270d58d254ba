-- Runs and their quality: counts per run and the checks that found rows.
-- The latest 50 runs (--param limit=N for another number); runs are no events, so it takes no filters.
SELECT
    r.started_at,
    r.status,
    r.articles_read,
    r.articles_new,
    r.articles_replaced,
    r.articles_unchanged,
    r.articles_quarantined,
    r.events,
    r.casualties,
    string_agg(q.check_name || '=' || q.failures, ', ') FILTER (WHERE q.failures > 0) AS failing_checks,
    round(epoch(r.finished_at - r.started_at), 1) AS seconds
FROM pipeline_runs r
LEFT JOIN quality_checks q USING (run_id)
GROUP BY ALL
ORDER BY r.started_at DESC
LIMIT coalesce($limit::BIGINT, 50);
