-- The items of this run's feeds whose last fetch failed for a reason that may pass and that
-- have tries left: fetched again even when their feed answers "not modified".
SELECT item_key, feed_url, url, guid, title, published, attempts + 1 AS attempts
FROM feed_items
WHERE status = 'failed' AND attempts < $max_attempts
  AND feed_url IN (SELECT feed_url FROM wanted_feeds);
