-- No row points at an article, event, place or actor the warehouse does not hold.
SELECT 'casualty->article' AS link, casualty_id AS id FROM casualties WHERE article_id NOT IN (SELECT article_id FROM articles)
UNION ALL SELECT 'casualty->event', casualty_id FROM casualties WHERE event_id IS NOT NULL AND event_id NOT IN (SELECT event_id FROM events)
UNION ALL SELECT 'event->article', event_id FROM events WHERE article_id NOT IN (SELECT article_id FROM articles)
UNION ALL SELECT 'event->place', event_id FROM events WHERE place_id IS NOT NULL AND place_id NOT IN (SELECT place_id FROM places)
UNION ALL SELECT 'event->actor', event_id FROM events WHERE actor1_id IS NOT NULL AND actor1_id NOT IN (SELECT actor_id FROM actors)
UNION ALL SELECT 'place_mention->place', article_id FROM place_mentions WHERE place_id NOT IN (SELECT place_id FROM places)
UNION ALL SELECT 'actor_mention->actor', article_id FROM actor_mentions WHERE actor_id NOT IN (SELECT actor_id FROM actors)
UNION ALL SELECT 'sentence->article', article_id FROM sentences WHERE article_id NOT IN (SELECT article_id FROM articles);
