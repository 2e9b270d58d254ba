-- severity: warning
-- A single casualty figure above 100,000 is more likely a misread number than a report.
SELECT casualty_id FROM casualties WHERE greatest(coalesce(count_low, 0), coalesce(count_high, 0)) > 100000;
