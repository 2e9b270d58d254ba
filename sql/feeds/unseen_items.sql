-- The items of this run's feeds whose pages are to be fetched: never seen (by their URL, by
-- the feed's id for them, or as the URL of an article already coded), or last fetched with a
-- failure that may pass and with tries left. `attempts` counts this run's try.
SELECT i.item_key, coalesce(f.attempts, 0) + 1 AS attempts
FROM incoming_items i
LEFT JOIN feed_items f ON f.item_key = i.item_key
WHERE (f.item_key IS NULL OR (f.status = 'failed' AND f.attempts < $max_attempts))
  AND NOT EXISTS (SELECT 1 FROM feed_items g
                  WHERE i.guid IS NOT NULL AND g.feed_url = i.feed_url AND g.guid = i.guid
                    AND g.item_key <> i.item_key)
  AND i.url NOT IN (SELECT url FROM articles WHERE url IS NOT NULL)
  AND i.item_key NOT IN (SELECT url FROM articles WHERE url IS NOT NULL);
