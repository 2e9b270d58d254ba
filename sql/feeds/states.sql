-- What the warehouse remembers of this run's feeds (sitrep/load/feed_state.py): the validators
-- of their last answers and how often they have failed since their last success.
SELECT feed_url, etag, last_modified, consecutive_failures, next_check_after
FROM feeds
WHERE feed_url IN (SELECT feed_url FROM wanted_feeds);
