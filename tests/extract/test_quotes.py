from sitrep.extract.actors import actor_catalog
from sitrep.extract.document import Document
from sitrep.extract.quotes import find_quotes


def found(text):
    doc = Document.from_text("Title\n" + text)
    catalog = actor_catalog()
    return doc, find_quotes(doc.text, doc.sentences, catalog.mentions(doc), catalog)


def quotes(text):
    return [(q.speaker, q.text) for q in found(text)[1]]


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


def test_attribution_without_commas_and_with_a_rank_before_the_name():
    doc, [quote] = found('"Our patrols found the depot empty by dawn" army spokesman Major Tomas Reyes said.')
    assert (quote.speaker, quote.text) == ("Tomas Reyes", "Our patrols found the depot empty by dawn")
    assert doc.text[quote.char_start : quote.char_end] == quote.text


def test_said_before_the_speaker_and_curly_marks():
    assert quotes("“Nobody expected the dam to give way” said Maria Lopez an engineer at the plant.") == [
        ("Maria Lopez", "Nobody expected the dam to give way")
    ]


def test_speaker_named_in_full_then_by_surname_and_by_role():
    text = (
        "Aid coordinator Nadia Petrova described the scene on Tuesday. "
        '"Whole streets have gone dark since the substation burned" Petrova said. '
        '"We are rationing fuel for the two generators we still have" the spokeswoman added.'
    )
    assert [s for s, _ in quotes(text)] == ["Nadia Petrova", "Nadia Petrova"]


def test_closing_mark_missing_and_the_attribution_inside_the_quote():
    doc, got = found(
        '"The market was full of families said Leila Haddad a teacher from the old quarter. '
        '"Then the first shell landed and everyone ran for the bakery'
    )
    assert [(q.speaker, q.text) for q in got] == [
        ("Leila Haddad", "The market was full of families"),
        ("Leila Haddad", "Then the first shell landed and everyone ran for the bakery"),
    ]
    assert all(doc.text[q.char_start : q.char_end] == q.text for q in got)


def test_partial_quote_credited_to_the_organisation_whose_statement_it_is():
    text = (
        "The Harbour Brigade said on Monday that its fighters held the bridge. "
        'Its fighters "pushed the enemy back beyond the river" near Dalen the statement said.'
    )
    assert quotes(text) == [("Harbour Brigade", "pushed the enemy back beyond the river")]


def test_according_to_a_statement():
    text = (
        '"Four of our crews were hurt while clearing the road" the Northern Relief Society said in a statement. '
        'Its teams stopped work "until the shelling of the depot ends" according to a statement by the society.'
    )
    assert [s for s, _ in quotes(text)] == ["Northern Relief Society", "Northern Relief Society"]


def test_known_actor_speaker_gets_its_actor_id():
    catalog = actor_catalog()
    observatory = catalog.resolve("Syrian Observatory for Human Rights")
    _, [quote] = found('"Seven fighters died in the raid on the depot" the Syrian Observatory for Human Rights said.')
    assert quote.speaker_actor_id == observatory.actor_id
    assert quote.speaker == observatory.name


def test_a_second_partial_quote_in_the_sentence_keeps_its_speaker():
    text = 'Mayor Ines Duarte said the floods were "the worst the valley has seen" and "a warning for every town".'
    assert [s for s, _ in quotes(text)] == ["Ines Duarte", "Ines Duarte"]


def test_scare_quotes_are_not_speech():
    assert quotes('The ministry called the raid a "mistake" and blamed "armed groups".') == []


def test_quote_with_no_speaker_in_the_text_gives_no_row():
    assert quotes('Residents painted "we are still here" on the walls of the school.') == []


def test_he_said_with_no_person_before_it_gives_no_row():
    text = 'The Harbour Brigade said the port was calm. "The roads are closed to all traffic" he said.'
    assert quotes(text) == []


def test_a_quote_counting_the_dead_is_a_report_and_other_speech_is_not():
    _, got = found(
        '"Nine porters were killed when the shell hit the quay" the harbour master Omar Baines said. '
        '"It was a cowardly act by people who fear the truth" Baines added.'
    )
    assert [q.reports_casualties for q in got] == [True, False]


def test_role_words_between_the_verb_and_the_name():
    text = '"The bridge held through the night" said port authority chief Elena Marsh. Ships waited offshore.'
    assert quotes(text) == [("Elena Marsh", "The bridge held through the night")]


def test_a_full_stop_inside_the_marks_ends_the_sentence_before_a_capitalised_word():
    text = (
        "Police chief Dan Okafor said the two men were armed. "
        '"We have both of them in custody now." Investigators found the depot empty.'
    )
    assert quotes(text) == [("Dan Okafor", "We have both of them in custody now.")]
