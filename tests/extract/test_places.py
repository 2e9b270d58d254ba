"""Place resolution on sentences written for the genre."""
from flows.extract.document import Document
from flows.extract.places import place_gazetteer


def places(text):
    g = place_gazetteer()
    doc = Document.from_text("Title\n" + text)
    return [(m.surface, g.by_id[m.place_id].name, g.by_id[m.place_id].place_type, g.by_id[m.place_id].admin1_name)
            for m in g.mentions(doc, [])]


def test_transliterations_resolve_to_one_place():
    names = {p[1] for t in ("Shells hit Deir ez-Zour.", "Shells hit Deir ez-Zor.", "Shells hit Deir Ezzor.",
                            "Shells hit Dayr az Zawr.") for p in places(t)}
    assert names == {"Deir ez-Zor"}


def test_province_words_select_the_governorate():
    assert places("Fighting spread across Idlib province.")[0][2] == "admin1"
    assert places("Jets struck the city of Idlib.")[0][2] == "city"
    assert places("Raids hit rural Damascus overnight.")[0][1:] == ("Rif Dimashq", "admin1", "Rif Dimashq")
    assert places("Shelling hit eastern Ghouta.")[0][3] == "Rif Dimashq"


def test_the_syrian_capital():
    assert places("A car bomb exploded in the Syrian capital.")[0][1] == "Damascus"


def test_countries_are_places_only_where_something_happens_in_them():
    assert [p[1] for p in places("Russia said the raid did not happen.")] == []
    assert [p[1] for p in places("The raid happened in Russia.")] == ["Russia"]


def test_facilities_and_neighbourhoods():
    assert places("Rebels shelled the Deir ez-Zor airport.")[0][2] == "facility"
    assert places("Barrel bombs fell on Aleppo's Sukkari district.")[1][3] == "Aleppo"


def test_common_words_and_first_names_are_not_foreign_towns():
    assert places("Rami said the Main road was cut.") == []
