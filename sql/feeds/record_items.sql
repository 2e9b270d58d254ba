-- The items whose pages this run fetched: 'coded' where their article is in the warehouse now
-- (new, or the same text coded before), 'quarantined' where the page was refused for good,
-- 'failed' where a later run may succeed. An item whose article was read but not loaded (its
-- batch failed) is not recorded: the next run fetches it again.
INSERT INTO feed_items
SELECT i.item_key, i.feed_url, i.guid, i.url, i.title, i.published,
       CASE WHEN a.article_id IS NOT NULL THEN 'coded' WHEN i.transient THEN 'failed' ELSE 'quarantined' END,
       CASE WHEN a.article_id IS NULL THEN i.reason END,
       i.attempts, a.article_id, $now, $now
FROM incoming_fetched i
LEFT JOIN (SELECT DISTINCT article_id FROM articles
           WHERE article_id IN (SELECT article_id FROM incoming_fetched)) a USING (article_id)
WHERE a.article_id IS NOT NULL OR i.reason IS NOT NULL
ON CONFLICT (item_key) DO UPDATE SET
    status     = excluded.status,
    reason     = excluded.reason,
    attempts   = excluded.attempts,
    article_id = excluded.article_id,
    fetched_at = excluded.fetched_at;
