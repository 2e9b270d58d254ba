"""`sitrep show ARTICLE`: everything coded from one article, read-only. `article_record` gathers
it from the warehouse (sql/show/), `render_text` prints it for a reader."""

from sitrep.show.record import AmbiguousArticle, NoSuchArticle, article_record
from sitrep.show.render import console_for, render_text

__all__ = ["AmbiguousArticle", "NoSuchArticle", "article_record", "console_for", "render_text"]
