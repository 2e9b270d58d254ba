-- The inputs a run quarantined, by reason.
SELECT reason, count(*) AS inputs
FROM quarantine
WHERE run_id = $run_id
GROUP BY reason
ORDER BY inputs DESC, reason;
