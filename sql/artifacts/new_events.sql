-- The events a run added (its Prefect table artifact): primary events first, then by toll.
SELECT event_date, event_type, sub_event_type, actor1, actor2, place, admin1, incident_id,
       killed_best, wounded_best, is_primary, title
FROM event_details
WHERE run_id = $run_id
ORDER BY is_primary DESC, killed_best DESC NULLS LAST, event_id
LIMIT 200;
