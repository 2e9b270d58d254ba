-- The incidents reports of this pass may join, with their place's type and name and their
-- tally (what their reports said; NULL while an incident is its one first event): those of the
-- provinces and days of the reports (probe_days: country_code, admin1_name, day_lo, day_hi;
-- $reach days either side) and those copies of earlier texts go to (copied_to: incident_id).
WITH wanted AS (
    SELECT i.incident_id
    FROM incidents i
    JOIN probe_days d
      ON i.country_code = d.country_code AND i.admin1_name = d.admin1_name
     AND i.event_date BETWEEN d.day_lo - $reach AND d.day_hi + $reach
    UNION
    SELECT incident_id FROM copied_to
)
SELECT i.incident_id, i.event_type, i.sub_event_type, i.place_id, p.place_type,
       p.name AS place_name, i.admin1_name, i.country_code, i.tally
FROM incidents i
SEMI JOIN wanted USING (incident_id)
LEFT JOIN places p ON p.place_id = i.place_id;
