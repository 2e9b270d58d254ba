-- Killed (best) by perpetrator, each incident once (docs/incidents.md): the incident's first
-- actor (ACLED actor1, the side that attacked, as most of its reports name it), with its coarse
-- side for colour. The top $top; incidents naming no attacker count together as
-- '(no perpetrator named)', ranked with the rest.
SELECT
    coalesce(a.name, '(no perpetrator named)')   AS perpetrator,
    coalesce(a.side, 'unknown')                  AS side,
    count(*)                                     AS incidents,
    sum(i.killed_best)                           AS killed
FROM incidents i
LEFT JOIN actors a ON a.actor_id = i.actor1_id
WHERE i.killed_best > 0
GROUP BY ALL
ORDER BY killed DESC, incidents DESC, perpetrator
LIMIT $top;
