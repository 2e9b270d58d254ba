-- Who is quoted, how often, in how many articles, with an example.
SELECT
    q.speaker,
    a.actor_type,
    count(*)                     AS quotes,
    count(DISTINCT q.article_id) AS articles,
    any_value(q.text)            AS example
FROM quotes q
LEFT JOIN actors a ON a.actor_id = q.speaker_actor_id
GROUP BY ALL
ORDER BY quotes DESC, q.speaker;
