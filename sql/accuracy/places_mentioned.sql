-- bench/accuracy.py: each place an article mentions, once, with every surface it is written as;
-- in the order the article first mentions them (gold places are matched to them in that order).
SELECT
    pm.article_id,
    p.name,
    p.place_type,
    p.admin1_name,
    p.latitude,
    p.longitude,
    list(DISTINCT pm.surface ORDER BY pm.surface) AS surfaces
FROM place_mentions pm
JOIN places p USING (place_id)
GROUP BY pm.article_id, p.place_id, p.name, p.place_type, p.admin1_name, p.latitude, p.longitude
ORDER BY pm.article_id, min(pm.char_start), p.place_id
