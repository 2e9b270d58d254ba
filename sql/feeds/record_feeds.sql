-- Each feed's state after this run's poll: new validators after a full answer, the count of
-- failures in a row (0 after a success), when a failing feed may be asked again.
INSERT INTO feeds
SELECT feed_url, title, site_url, etag, last_modified, checked_at,
       CASE WHEN NOT failed THEN checked_at END, status, error, consecutive_failures,
       next_check_after, items_seen
FROM incoming_polls
ON CONFLICT (feed_url) DO UPDATE SET
    title                = coalesce(excluded.title, feeds.title),
    site_url             = coalesce(excluded.site_url, feeds.site_url),
    etag                 = excluded.etag,
    last_modified        = excluded.last_modified,
    last_checked_at      = excluded.last_checked_at,
    last_success_at      = coalesce(excluded.last_success_at, feeds.last_success_at),
    last_status          = excluded.last_status,
    last_error           = excluded.last_error,
    consecutive_failures = excluded.consecutive_failures,
    next_check_after     = excluded.next_check_after,
    items_seen           = feeds.items_seen + excluded.items_seen;
