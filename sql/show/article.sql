-- The article $id itself, and its country: that of its primary event's place, else the country
-- most of the places it names lie in (`country_basis` says which).
WITH primary_place AS (
    SELECT p.country_code
    FROM events e JOIN places p USING (place_id)
    WHERE e.article_id = $id AND e.is_primary AND p.country_code IS NOT NULL
),
named AS (
    SELECT p.country_code
    FROM place_mentions m JOIN places p USING (place_id)
    WHERE m.article_id = $id AND p.country_code IS NOT NULL
    GROUP BY p.country_code
    ORDER BY count(*) DESC, min(m.char_start)
    LIMIT 1
)
SELECT
    a.article_id,
    a.title,
    a.source_uri,
    a.url,
    a.feed_url,
    a.publisher,
    a.published_on,
    a.ingested_at,
    a.content_hash,
    coalesce((SELECT country_code FROM primary_place), (SELECT country_code FROM named)) AS country_code,
    CASE WHEN EXISTS (SELECT 1 FROM primary_place) THEN 'primary event'
         WHEN EXISTS (SELECT 1 FROM named) THEN 'places named'
    END AS country_basis,
    a.text
FROM articles a
WHERE a.article_id = $id;
