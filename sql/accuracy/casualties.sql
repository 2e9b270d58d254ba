-- bench/accuracy.py: every casualty figure, as the article reports it.
SELECT article_id, outcome, count_low, count_high, qualifier, victim_kind
FROM casualties
