-- A run's casualty reports by outcome (the run summary artifact): reports and people, firm figures only.
SELECT
    c.outcome,
    count(*)                                                     AS reports,
    sum(coalesce(c.count_low, c.count_high)) FILTER (WHERE c.qualifier <> 'vague' AND NOT c.is_subset) AS people
FROM casualties c
JOIN articles art USING (article_id)
WHERE art.run_id = $run_id
GROUP BY c.outcome
ORDER BY c.outcome;
