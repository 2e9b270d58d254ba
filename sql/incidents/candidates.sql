-- Incidents that reports of these days and provinces could join (probe_days: country_code,
-- admin1_name, day_lo, day_hi), with the sides and death tolls their reports gave.
-- $reach is how many days either side of a report's span the matcher looks.
WITH hits AS (
    SELECT DISTINCT i.incident_id, i.event_date
    FROM incidents i
    JOIN probe_days d
      ON i.country_code = d.country_code AND i.admin1_name = d.admin1_name
     AND i.event_date BETWEEN d.day_lo - $reach AND d.day_hi + $reach
),
reported AS (
    SELECT e.incident_id,
           list(DISTINCT a1.actor_type || '|' || a1.side) FILTER (WHERE a1.side IS NOT NULL) AS sides1,
           list(DISTINCT a2.actor_type || '|' || a2.side) FILTER (WHERE a2.side IS NOT NULL) AS sides2,
           list(DISTINCT e.killed_best) FILTER (WHERE e.killed_best > 0) AS killed,
           list(DISTINCT e.article_id) AS articles,
           bool_or(e.is_primary) AS headline,
           bool_or(e.date_source = 'text' AND e.event_date = h.event_date) AS day_from_text
    FROM events e
    JOIN hits h USING (incident_id)
    LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
    LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
    GROUP BY e.incident_id
)
SELECT i.incident_id, i.event_type, i.sub_event_type, i.event_date, i.place_id, p.place_type, p.name AS place_name,
       i.admin1_name, i.country_code, r.sides1, r.sides2, r.killed, r.articles, r.headline, r.day_from_text
FROM incidents i
JOIN reported r USING (incident_id)
LEFT JOIN places p ON p.place_id = i.place_id;
