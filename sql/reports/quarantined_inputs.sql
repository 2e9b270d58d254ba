-- Inputs that could not be read, why, and when last seen.
SELECT reason, source_uri, detail, seen_at
FROM quarantine
ORDER BY seen_at DESC, reason, source_uri;
