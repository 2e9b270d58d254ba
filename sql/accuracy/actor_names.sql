-- bench/accuracy.py: each actor's canonical name with its aliases (actors sharing a name share them).
SELECT a.name, al.alias
FROM actors a
LEFT JOIN actor_aliases al USING (actor_id)
