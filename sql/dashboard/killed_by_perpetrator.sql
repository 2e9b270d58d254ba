-- Killed (best) by perpetrator: the event's first actor (ACLED actor1, the side that attacked),
-- with its coarse side for colour. The top $top; events naming no attacker count together as
-- '(no perpetrator named)', ranked with the rest.
WITH stories AS (
    SELECT min(article_id) AS article_id FROM articles GROUP BY coalesce(content_hash, article_id)
)
SELECT
    coalesce(a.name, '(no perpetrator named)')   AS perpetrator,
    coalesce(a.side, 'unknown')                  AS side,
    count(*)                                     AS events,
    sum(e.killed_best)                           AS killed
FROM events e
JOIN stories USING (article_id)
LEFT JOIN actors a ON a.actor_id = e.actor1_id
WHERE e.killed_best > 0
GROUP BY ALL
ORDER BY killed DESC, events DESC, perpetrator
LIMIT $top;
