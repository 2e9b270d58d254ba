-- Inputs that could not be read, why, and when last seen.
-- Inputs are no events, so it takes no filters.
SELECT reason, source_uri, detail, seen_at
FROM quarantine
ORDER BY seen_at DESC, reason, source_uri;
