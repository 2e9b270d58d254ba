"""sitrep: news articles about armed conflict, coded into a conflict-event warehouse."""
