-- severity: warning
-- A weekday that contradicts the date it stands beside ("Saturday (14 January)" in a year where it was a Sunday).
SELECT article_id, surface FROM date_mentions WHERE weekday_conflict;
