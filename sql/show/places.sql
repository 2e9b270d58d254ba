-- The places article $id names, each once, with admin1, country, coordinates and every
-- mention's words, in the order the text first names them.
SELECT
    p.place_id,
    p.name,
    p.place_type,
    p.admin1_name AS admin1,
    p.country_code,
    p.latitude,
    p.longitude,
    p.geonames_id,
    list({'surface': m.surface, 'sentence_no': m.sentence_no, 'char_start': m.char_start,
          'char_end': m.char_end} ORDER BY m.char_start) AS mentions
FROM place_mentions m
JOIN places p USING (place_id)
WHERE m.article_id = $id
GROUP BY ALL
ORDER BY min(m.char_start), p.place_id;
