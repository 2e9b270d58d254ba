-- No row points at an article, event, place or actor the warehouse does not hold.
-- The links out of the run's articles' rows; and rows that name no article at all, anywhere
-- (an anti-join on the article key alone, which stays small beside the texts).
WITH run_articles AS (SELECT article_id FROM articles WHERE run_id = $run_id),
run_events AS (SELECT * FROM events SEMI JOIN run_articles USING (article_id))
SELECT 'casualty->article' AS link, casualty_id AS id FROM casualties ANTI JOIN articles USING (article_id)
UNION ALL SELECT 'event->article', event_id FROM events ANTI JOIN articles USING (article_id)
UNION ALL SELECT 'sentence->article', article_id FROM sentences ANTI JOIN articles USING (article_id)
UNION ALL SELECT 'casualty->event', casualty_id
    FROM (SELECT * FROM casualties SEMI JOIN run_articles USING (article_id)) c
    WHERE event_id IS NOT NULL AND event_id NOT IN (SELECT event_id FROM run_events)
UNION ALL SELECT 'event->place', event_id FROM run_events WHERE place_id IS NOT NULL AND place_id NOT IN (SELECT place_id FROM places)
UNION ALL SELECT 'event->actor', event_id FROM run_events WHERE actor1_id IS NOT NULL AND actor1_id NOT IN (SELECT actor_id FROM actors)
UNION ALL SELECT 'place_mention->place', article_id
    FROM place_mentions SEMI JOIN run_articles USING (article_id) WHERE place_id NOT IN (SELECT place_id FROM places)
UNION ALL SELECT 'actor_mention->actor', article_id
    FROM actor_mentions SEMI JOIN run_articles USING (article_id) WHERE actor_id NOT IN (SELECT actor_id FROM actors);
