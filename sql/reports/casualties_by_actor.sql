-- Killed and wounded by perpetrator and victim kind (non-vague figures that are not subsets; linked to an event).
SELECT
    coalesce(p.name, '(unattributed)')                         AS perpetrator,
    c.victim_kind,
    count(*)                                                   AS reports,
    sum(coalesce(c.count_low, c.count_high)) FILTER (WHERE c.outcome = 'killed')  AS killed,
    sum(coalesce(c.count_low, c.count_high)) FILTER (WHERE c.outcome = 'wounded') AS wounded,
    count(DISTINCT c.article_id)                               AS articles
FROM casualties c
LEFT JOIN actors p ON p.actor_id = c.perpetrator_actor_id
WHERE c.qualifier <> 'vague' AND NOT c.is_subset AND c.event_id IS NOT NULL
GROUP BY ALL
ORDER BY killed DESC NULLS LAST, reports DESC;
