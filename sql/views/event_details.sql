-- Events with their actors', place's and article's names: the shape reports and artifacts list.
CREATE OR REPLACE VIEW event_details AS
SELECT
    e.*,
    a1.name       AS actor1,
    a2.name       AS actor2,
    p.name        AS place,
    p.admin1_name AS admin1,
    art.title,
    art.run_id
FROM events e
JOIN articles art USING (article_id)
LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
LEFT JOIN places p ON p.place_id = e.place_id;
