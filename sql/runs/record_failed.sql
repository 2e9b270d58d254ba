-- A run that failed, with its reason: inserted if it never got its row (it failed before
-- recording itself), else marked failed. A run already finished keeps what it recorded.
INSERT INTO pipeline_runs (run_id, started_at, finished_at, status, inputs, settings, message,
                           articles_read, articles_new, articles_replaced, articles_unchanged, articles_quarantined,
                           events, casualties, warnings, failed_batches)
VALUES ($run_id, $started_at, $finished_at, 'failed', $inputs, $settings, $message,
        $read, $new, $replaced, $unchanged, $quarantined, $events, $casualties, $warnings, $failed_batches)
ON CONFLICT (run_id) DO UPDATE SET
    finished_at = excluded.finished_at, status = 'failed', message = excluded.message,
    articles_read = excluded.articles_read, articles_new = excluded.articles_new,
    articles_replaced = excluded.articles_replaced,
    articles_unchanged = excluded.articles_unchanged,
    articles_quarantined = excluded.articles_quarantined, events = excluded.events,
    casualties = excluded.casualties, warnings = excluded.warnings,
    failed_batches = excluded.failed_batches
WHERE pipeline_runs.status IN ('running', 'interrupted');
