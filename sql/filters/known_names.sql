-- Whether the warehouse knows the names a report's --actor and --admin1 give (sitrep/reports.py):
-- an actor by its actor_id, name or one of its aliases, in any case (the report's own SQL matches
-- the same way); an admin1 as the admin1_name of a place or an incident. A name it does not know
-- is a typo more often than an empty answer, and sitrep report says so.
SELECT
    $actor IS NULL
        OR EXISTS (FROM actors WHERE actor_id = $actor OR lower(name) = lower($actor))
        OR EXISTS (FROM actor_aliases WHERE lower(alias) = lower($actor))       AS actor_known,
    $admin1 IS NULL
        OR EXISTS (FROM places WHERE lower(admin1_name) = lower($admin1))
        OR EXISTS (FROM incidents WHERE lower(admin1_name) = lower($admin1))    AS admin1_known;
