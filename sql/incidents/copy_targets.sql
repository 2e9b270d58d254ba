-- The incidents copies of earlier texts go to (copied_to: incident_id), with their tally where
-- they keep one (NULL: an incident of one event, whose tally is built from it).
SELECT i.incident_id, i.event_type, i.sub_event_type, i.place_id, p.place_type,
       p.name AS place_name, i.admin1_name, i.country_code, t.tally
FROM incidents i
SEMI JOIN copied_to USING (incident_id)
LEFT JOIN incident_tallies t USING (incident_id)
LEFT JOIN places p ON p.place_id = i.place_id;
