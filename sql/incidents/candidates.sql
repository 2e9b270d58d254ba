-- The incidents with a tally (incident_tallies) that reports of this pass may join, with what
-- the matcher compares: for each report that may join another article's incident (probe_days:
-- country_code, admin1_name, day, place_id, place_name, killed; a row for each day it may match
-- on), those some article tells as its main story, with a death toll of $distinctive or more,
-- at its place if that is precise ($strong_types), or at a place of its name with its toll
-- among theirs (flows/incidents/rules.py, match_score). Reads the small table only.
SELECT DISTINCT t.incident_id, t.event_type, t.sub_event_type, t.place_id, p.place_type,
       p.name AS place_name, t.admin1_name, t.country_code, t.tally
FROM incident_tallies t
JOIN probe_days d
  ON t.country_code = d.country_code AND t.admin1_name = d.admin1_name AND t.event_date = d.day
LEFT JOIN places p ON p.place_id = t.place_id
WHERE t.headline_reports > 0 AND t.killed_high >= $distinctive
  AND ((t.place_id = d.place_id AND list_contains($strong_types, p.place_type))
       OR (p.name = d.place_name AND t.place_id <> d.place_id
           AND d.killed BETWEEN t.killed_low AND t.killed_high));
