-- The incidents with a tally (incident_tallies) that reports of this pass may join, with what
-- the matcher compares: for each report that may join another article's incident (probe_days:
-- country_code, admin1_name, day, place_id, place_name, killed; a row for each day it may match
-- on), those some article tells as its main story, with a death toll of $distinctive or more,
-- at its place if that is precise ($strong_types), or at another place of its name with its
-- toll among theirs (sitrep/incidents/rules.py, match_score). Each way is one equality join on
-- the small table. Of the second, at most $per_probe for each report and day, those most
-- articles tell as their main story first: more incidents than that at one place on one day,
-- each with that toll, only a corpus of copies makes.
WITH tallied AS (
    SELECT t.incident_id, t.place_id, t.event_date, t.country_code, t.admin1_name, t.headline_reports,
           t.killed_low, t.killed_high, p.place_type, p.name AS place_name
    FROM incident_tallies t
    LEFT JOIN places p ON p.place_id = t.place_id
    WHERE t.headline_reports > 0 AND t.killed_high >= $distinctive
), at_place AS (
    SELECT t.incident_id
    FROM tallied t
    JOIN probe_days d ON t.place_id = d.place_id AND t.event_date = d.day
    WHERE list_contains($strong_types, t.place_type)
), named_alike AS (
    SELECT t.incident_id
    FROM tallied t
    JOIN probe_days d
      ON t.place_name = d.place_name AND t.event_date = d.day
     AND t.country_code = d.country_code AND t.admin1_name = d.admin1_name
    WHERE t.place_id <> d.place_id AND d.killed BETWEEN t.killed_low AND t.killed_high
    QUALIFY row_number() OVER (PARTITION BY d.place_id, d.day, d.killed
                               ORDER BY t.headline_reports DESC, t.incident_id) <= $per_probe
)
SELECT t.incident_id, t.event_type, t.sub_event_type, t.place_id, p.place_type, p.name AS place_name,
       t.admin1_name, t.country_code, t.tally
FROM incident_tallies t
SEMI JOIN (SELECT incident_id FROM at_place UNION SELECT incident_id FROM named_alike) w USING (incident_id)
LEFT JOIN places p ON p.place_id = t.place_id;
