-- A run's id and settings (JSON): the run named, or the latest run when $run_id is NULL.
SELECT run_id, settings
FROM pipeline_runs
WHERE run_id = $run_id OR $run_id IS NULL
ORDER BY started_at DESC
LIMIT 1;
