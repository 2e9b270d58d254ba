-- Every sentence, event, casualty and quote key is held once, and every id carries its own article's key.
-- These tables have no key indexes (migration 006): the load keeps keys unique, this verifies it.
-- Within the run, no key twice; anywhere, no event, casualty or quote id that is not its own
-- article's key with an ordinal (so no row, even one written by hand, can take a key that an
-- article of this or a later run needs). The second part streams two columns: no hash table.
WITH run_articles AS (SELECT article_id FROM articles WHERE run_id = $run_id)
SELECT 'sentence' AS kind, article_id || '#' || sentence_no AS id
FROM sentences SEMI JOIN run_articles USING (article_id)
GROUP BY article_id, sentence_no HAVING count(*) > 1
UNION ALL
SELECT kind, id FROM (
    SELECT 'event' AS kind, event_id AS id FROM events SEMI JOIN run_articles USING (article_id)
    UNION ALL SELECT 'casualty', casualty_id FROM casualties SEMI JOIN run_articles USING (article_id)
    UNION ALL SELECT 'quote', quote_id FROM quotes SEMI JOIN run_articles USING (article_id)
)
GROUP BY kind, id HAVING count(*) > 1
UNION ALL SELECT 'event', event_id FROM events WHERE NOT starts_with(event_id, article_id || '-')
UNION ALL SELECT 'casualty', casualty_id FROM casualties WHERE NOT starts_with(casualty_id, article_id || '-')
UNION ALL SELECT 'quote', quote_id FROM quotes WHERE NOT starts_with(quote_id, article_id || '-');
