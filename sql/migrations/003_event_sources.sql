-- Per event, how far its sources' killed figures lie apart, kept with the event so that finding
-- the events whose sources disagree never regroups millions of casualty rows (the report
-- sources_disagree reads these, then only the casualty rows of the events it shows).
-- A source's figure is its largest firm (not vague, not subset) killed figure for the event.
ALTER TABLE events ADD COLUMN killed_sources INTEGER;       -- sources giving a firm killed figure
ALTER TABLE events ADD COLUMN killed_sources_min BIGINT;    -- the lowest of their figures
ALTER TABLE events ADD COLUMN killed_sources_max BIGINT;    -- the highest

UPDATE events SET
    killed_sources = s.sources,
    killed_sources_min = s.low,
    killed_sources_max = s.high
FROM (
    SELECT event_id, count(*) AS sources, min(killed) AS low, max(killed) AS high
    FROM (
        SELECT event_id, coalesce(reported_by, '(uncredited)') AS source,
               max(coalesce(count_low, count_high)) AS killed
        FROM casualties
        WHERE outcome = 'killed' AND qualifier <> 'vague' AND NOT is_subset AND event_id IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY event_id
) s
WHERE events.event_id = s.event_id;
