-- The events of article $id, its primary event first: type, the words that triggered it, its
-- date with the words it was read from (the nearest date mention with those words), its place
-- with admin1 and country, its actors, its fatalities, and its incident with how many articles
-- and sources report that incident.
WITH article AS (
    SELECT article_id, text FROM articles WHERE article_id = $id
),
date_words AS (
    SELECT e.event_id,
           arg_min(d.char_start, (abs(d.sentence_no - e.sentence_no), d.char_start)) AS date_char_start,
           arg_min(d.char_end, (abs(d.sentence_no - e.sentence_no), d.char_start)) AS date_char_end
    FROM events e
    JOIN date_mentions d ON d.article_id = e.article_id AND d.surface = e.date_text
    WHERE e.article_id = $id
    GROUP BY e.event_id
)
SELECT
    e.event_id,
    e.is_primary,
    e.sentence_no,
    e.event_type,
    e.sub_event_type,
    e.char_start,
    e.char_end,
    substr(a.text, e.char_start + 1, e.char_end - e.char_start) AS words,
    e.event_date,
    e.date_precision,
    e.date_text,
    e.date_source,
    dw.date_char_start,
    dw.date_char_end,
    e.place_id,
    p.name         AS place,
    p.place_type,
    p.admin1_name  AS admin1,
    p.country_code,
    p.latitude,
    p.longitude,
    e.actor1_id,
    a1.name        AS actor1,
    e.actor2_id,
    a2.name        AS actor2,
    e.killed_low,
    e.killed_best,
    e.killed_high,
    e.wounded_low,
    e.wounded_best,
    e.wounded_high,
    e.incident_id,
    i.n_articles   AS incident_articles,
    i.n_sources    AS incident_sources
FROM events e
JOIN article a USING (article_id)
LEFT JOIN date_words dw USING (event_id)
LEFT JOIN places p ON p.place_id = e.place_id
LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
LEFT JOIN incidents i ON i.incident_id = e.incident_id
ORDER BY e.is_primary DESC, e.sentence_no, e.char_start, e.event_id;
