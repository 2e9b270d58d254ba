import pytest

from sitrep.extract.actors import actor_catalog
from sitrep.extract.casualties import find_casualties
from sitrep.extract.document import Document


def casualties_of(text: str):
    """Casualty reports of a one-sentence body under a dummy title."""
    doc = Document.from_text("Title\n" + text)
    catalog = actor_catalog()
    mentions = catalog.mentions(doc)
    return [r for s in doc.sentences for r in find_casualties(doc, s, mentions, catalog)]


@pytest.fixture
def figures():
    def run(text):
        return [(r.outcome, r.count_low, r.count_high, r.qualifier) for r in casualties_of(text)]

    return run
