from sitrep.extract.actors import actor_catalog
from sitrep.extract.document import Document
from sitrep.extract.quotes import find_quotes


def quotes(text):
    doc = Document.from_text("Title\n" + text)
    catalog = actor_catalog()
    return [(q.speaker, q.text) for q in find_quotes(doc.text, doc.sentences, catalog.mentions(doc), catalog)]


def test_speaker_after_the_quote():
    assert quotes('"The convoy was hit twice near the bridge," Ahmed Karim said.') == [
        ("Ahmed Karim", "The convoy was hit twice near the bridge")
    ]


def test_speaker_before_the_quote_with_titles_stripped():
    assert quotes('Local Council head Maya Haddad said: "We have no water left for the hospital."') == [
        ("Maya Haddad", "We have no water left for the hospital.")
    ]


def test_pronoun_continues_the_last_speaker_and_surname_gets_the_full_name():
    text = (
        'Colonel Samir Aziz said: "Our units held the northern road all night." '
        '"They will not pass the river again," he added. '
        '"We expect reinforcements by morning," Aziz said.'
    )
    assert [s for s, _ in quotes(text)] == ["Samir Aziz", "Samir Aziz", "Samir Aziz"]


def test_scare_quotes_are_not_speech():
    assert quotes('The ministry called the raid a "mistake" and blamed "armed groups".') == []
