"""Actors of any war, on sentences written for the genre (none copied from a corpus)."""

from sitrep.extract.actors import actor_catalog
from sitrep.extract.article import code_article


def primary_actors(text):
    catalog = actor_catalog()
    coded = code_article("t", "\n" + text, None)
    [p] = [e for e in coded.events if e["is_primary"]]
    name = lambda a: catalog.by_id[a].name if a else None  # noqa: E731
    return name(p["actor1_id"]), name(p["actor2_id"])


def mention_names(text):
    catalog = actor_catalog()
    coded = code_article("t", "\n" + text, None)
    return [catalog.by_id[m["actor_id"]].name for m in coded.actor_mentions]


def test_generic_words_take_the_articles_country():
    a1, a2 = primary_actors(
        "On Monday, in Maiduguri, Borno, Nigeria, government troops clashed with Boko Haram fighters."
    )
    assert a1 == "Military Forces of Nigeria" and a2 is not None and "Boko Haram" in a2
    names = mention_names("In Tehran, Iran, state media said the police arrested five people on Sunday.")
    assert not any("Syria" in n for n in names)


def test_no_syrian_actor_outside_syria():
    a1, _ = primary_actors("On Friday, rebels attacked an army post near Bangui, Central African Republic.")
    assert a1 is not None and "Syria" not in a1


def test_the_group_that_claimed_it_is_the_attacker():
    a1, _ = primary_actors(
        "On Sunday, in Mogadishu, Banaadir, Somalia, unidentified gunmen shot dead a "
        "district official. Al-Shabaab later claimed responsibility for the killing."
    )
    assert a1 == "al-Shabaab"


def test_a_named_group_keeps_its_head_noun():
    a1, _ = primary_actors(
        "On 5 May, the NAF rebel forces fired mortars at government positions near Horlivka, Donetsk, Ukraine."
    )
    assert a1 is not None and "Novorossiya" in a1
