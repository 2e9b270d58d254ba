-- Every mention's offsets lie inside its article's text and give back its surface.
WITH run_articles AS (SELECT article_id, text FROM articles WHERE run_id = $run_id)
SELECT m.article_id, m.char_start, m.char_end
FROM (
    SELECT article_id, char_start, char_end, surface FROM actor_mentions
    UNION ALL SELECT article_id, char_start, char_end, surface FROM place_mentions
    UNION ALL SELECT article_id, char_start, char_end, surface FROM date_mentions
) m
JOIN run_articles a USING (article_id)
WHERE m.char_start < 0 OR m.char_end > length(a.text) OR m.char_start >= m.char_end
   OR substr(a.text, m.char_start + 1, m.char_end - m.char_start) <> m.surface;
