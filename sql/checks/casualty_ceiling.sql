-- severity: warning
-- A casualty figure above the run's ceiling (sitrep run --casualty-ceiling, default 100,000) is more likely a misread number than a report.
SELECT casualty_id FROM casualties WHERE greatest(coalesce(count_low, 0), coalesce(count_high, 0)) > $casualty_ceiling
UNION ALL
SELECT event_id FROM events WHERE greatest(coalesce(killed_high, 0), coalesce(killed_best, 0), coalesce(wounded_high, 0), coalesce(wounded_best, 0)) > $casualty_ceiling;
