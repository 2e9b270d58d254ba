-- The actors article $id names, each once, with every mention's words, in the order the text
-- first names them.
SELECT
    a.actor_id,
    a.name,
    a.actor_type,
    a.side,
    a.country_code,
    list({'surface': m.surface, 'sentence_no': m.sentence_no, 'char_start': m.char_start,
          'char_end': m.char_end} ORDER BY m.char_start) AS mentions
FROM actor_mentions m
JOIN actors a USING (actor_id)
WHERE m.article_id = $id
GROUP BY ALL
ORDER BY min(m.char_start), a.actor_id;
