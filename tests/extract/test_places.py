"""Place resolution on sentences written for the genre (none copied from a corpus)."""

from sitrep.extract.article import code_article
from sitrep.extract.places import place_gazetteer


def places(text):
    g = place_gazetteer()
    coded = code_article("t", "Title\n" + text, None)
    return [
        (
            m["surface"],
            g.by_id[m["place_id"]].name,
            g.by_id[m["place_id"]].place_type,
            g.by_id[m["place_id"]].admin1_name,
        )
        for m in coded.place_mentions
    ]


def primary_place(text):
    """(name, admin1, country) of the primary event's place."""
    g = place_gazetteer()
    coded = code_article("t", "\n" + text, None)
    [p] = [e for e in coded.events if e["is_primary"]]
    place = g.by_id.get(p["place_id"]) if p["place_id"] else None
    return (place.name, place.admin1_name, place.country_code) if place else None


def test_transliterations_resolve_to_one_place():
    names = {
        p[1]
        for t in (
            "Shells hit Deir ez-Zour.",
            "Shells hit Deir ez-Zor.",
            "Shells hit Deir Ezzor.",
            "Shells hit Dayr az Zawr.",
        )
        for p in places(t)
    }
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


def test_a_wire_chain_resolves_each_name_inside_the_next():
    assert primary_place("On Saturday, in Tikrit, Salah ad Din, Iraq, gunmen killed a tribal leader.") == (
        "Tikrit",
        "Salah ad Din",
        "IQ",
    )
    assert primary_place("On Thursday, in Yala, Yala province, Thailand, insurgents shot dead a village headman.") == (
        "Yala",
        "Yala",
        "TH",
    )


def test_a_coders_parenthesis_gives_district_and_province():
    place = primary_place("On 2 May 2020, militants attacked a police post in Qalaat village (Kismaayo, Lower Juba).")
    assert place is not None and place[1:] == ("Lower Juba", "SO")


def test_names_stay_in_the_articles_country():
    # As Si'in (Hama) and Al-Hirak (Daraa) sound like these; they must not be chosen
    assert primary_place("In Sanaa, Yemen, an air strike killed nine civilians on Monday.")[2] == "YE"
    assert primary_place("On Sunday, in Sopore, Baramulla, Jammu and Kashmir, India, militants shot a shopkeeper.")[
        1:
    ] == ("Jammu and Kashmir", "IN")


def test_homonyms_follow_the_chain():
    assert primary_place("A car bomb exploded in Tripoli, Lebanon, on Friday.")[2] == "LB"
    assert primary_place("A car bomb exploded in Tripoli, Libya, on Friday.")[2] == "LY"


def test_admin1_short_and_long_forms():
    for form in ("Donetsk", "Donetsk Oblast", "Donetska oblast"):
        rows = places(f"Shelling was reported in {form} on Monday, Ukrainian officials said.")
        assert (rows[0][3], "UA") == ("Donetsk", "UA"), form


def test_a_dateline_is_no_event_place():
    place = primary_place("CAIRO - Gunmen attacked a police checkpoint in Tunis, Tunisia, on Monday.")
    assert place is not None and place[2] == "TN"


def test_no_country_no_foreign_village():
    assert places("A person named Qasim said the talks went well.") == []


def test_a_former_unit_the_text_names_is_the_admin1():
    # Pakistan's tribal areas were merged into Khyber Pakhtunkhwa in 2018; older news names them
    place = primary_place(
        "On Monday, in Landi Kotal, Federally Administered Tribal Areas, Pakistan, militants blew up a school."
    )
    assert place is not None and place[1:] == ("Federally Administered Tribal Areas", "PK")


def test_indexes_of_other_data_versions_are_pruned_once_unused_for_a_month(tmp_path):
    """An upgrade builds a new gazetteer index (~115 MB); the old one must not stay for ever,
    but one another checkout used last week stays."""
    import os
    import time

    from sitrep.extract.place_store import STALE_INDEX_DAYS, prune_stale_indexes

    current, recent, stale = (tmp_path / f"places-{k}.sqlite" for k in ("current", "recent", "stale"))
    for f in (current, recent, stale):
        f.write_bytes(b"index")
    now = time.time()
    os.utime(recent, (now - 7 * 86_400, now - 7 * 86_400))
    os.utime(stale, (now - (STALE_INDEX_DAYS + 1) * 86_400,) * 2)
    os.utime(current, (now - 400 * 86_400,) * 2)  # the one in use is never removed
    (tmp_path / "places.lock").write_text("")

    assert prune_stale_indexes(current, now) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "places-current.sqlite",
        "places-recent.sqlite",
        "places.lock",
    ]


def test_a_wire_dateline_is_where_the_reporter_was():
    """The ingest layer reads the dateline; the place it names is no event place."""
    from sitrep.ingest import make_article

    for body in (
        "KABUL, Afghanistan, May 3, 2020 (AP) — A roadside bomb killed five soldiers on Sunday, officials said.",
        "New Delhi, May 3 (PTI) A roadside bomb killed five soldiers on Sunday, officials said.",
    ):
        a = make_article("Five soldiers killed", body, source_uri="x.txt")
        coded = code_article(a.article_id, a.text, a.published_on, a.dateline)
        [primary] = [e for e in coded.events if e["is_primary"]]
        place = place_gazetteer().by_id.get(primary["place_id"]) if primary["place_id"] else None
        assert coded.place_mentions and (place is None or place.place_type == "country"), body  # not the city


def place_rows(text):
    """(surface, name, place_type, admin1, country, geo_precision) of every mention."""
    g = place_gazetteer()
    coded = code_article("t", "Title\n" + text, None)
    out = []
    for m in coded.place_mentions:
        p = g.by_id[m["place_id"]]
        out.append((m["surface"], p.name, p.place_type, p.admin1_name, p.country_code, g.geo_precision(p)))
    return out


def test_a_neighbourhood_of_a_city_lies_in_the_city():
    rows = place_rows("Mortars fell on the Karm al-Tuffah neighbourhood of Damascus on Monday, killing two people.")
    [sub] = [r for r in rows if r[0] == "Karm al-Tuffah"]
    assert sub[2:] == ("city", "Damascus", "SY", 2)  # at its city's point, a lower precision


def test_a_landmark_in_a_city_is_a_facility_of_that_city():
    rows = place_rows("A rocket hit the al-Kindi hospital in Homs on Sunday, wounding five nurses.")
    [site] = [r for r in rows if r[2] == "facility"]
    assert site[0] == "al-Kindi hospital" and site[3:] == ("Homs", "SY", 2)


def test_a_village_the_gazetteer_lacks_is_a_place_of_its_province_at_the_province_point():
    g = place_gazetteer()
    coded = code_article("t", "Title\nJets bombed the village of Tell Qarmouz in Idlib province on Friday.", None)
    [m] = [m for m in coded.place_mentions if m["surface"] == "Tell Qarmouz"]
    village = g.by_id[m["place_id"]]
    province = g.by_id[village.place_id.split(":")[1].replace("-", ":", 1)]
    assert (village.admin1_name, village.country_code) == ("Idlib", "SY")
    assert (village.latitude, village.longitude) == (province.latitude, province.longitude)
    assert g.geo_precision(village) == 3  # a province is all the text says of where it is


def test_a_list_of_villages_names_each():
    names = [r[0] for r in place_rows("Troops shelled the villages of Kfar Zeita and Umm Kharaz in Hama province.")]
    assert "Kfar Zeita" in names and "Umm Kharaz" in names


def test_an_adjective_before_a_type_word_is_no_village():
    assert [r[0] for r in place_rows("Planes struck a Damascene suburb on Tuesday.")] == []


def test_a_transliteration_variant_resolves_inside_the_articles_country():
    rows = place_rows("Shelling hit the outskirts of Deir Ezzour in eastern Syria.")
    assert ("Deir ez-Zor", "SY") in [(r[1], r[4]) for r in rows]


def test_a_country_or_capital_used_as_its_government_is_no_place():
    names = [r[1] for r in place_rows("Moscow denied the raid. Ankara's offensive went on. Tehran said nothing.")]
    assert names == []
    assert [r[1] for r in place_rows("The raid was reported in Moscow.")] == ["Moscow"]


def test_hit_the_town_and_hit_the_verb():
    town = place_rows("A car bomb went off in Hit in Anbar province, killing six policemen.")
    assert ("Hit", "Anbar", "IQ") in [(r[1], r[3], r[4]) for r in town]
    assert [r[1] for r in place_rows("Air Strikes Hit Raqqa\nAir strikes hit Raqqa on Friday.")] == ["Raqqa", "Raqqa"]


def test_any_countrys_capital_by_its_demonym():
    assert [r[1] for r in place_rows("Talks opened in the Kenyan capital on Monday.")] == ["Nairobi"]


def test_a_country_where_a_monitor_is_based_is_a_place():
    rows = place_rows("The London-based observatory and the Britain-based monitor said so.")
    assert ("Britain", "country") in [(r[0], r[2]) for r in rows]


def test_the_primary_event_is_at_the_most_precise_place_of_the_lead():
    assert primary_place("Jets strike Idlib province\nJets struck the village of Kafr Batikh in Idlib province.") == (
        "Kafr Batikh",
        "Idlib",
        "SY",
    )
    coded = code_article("t", "Shelling kills three\nShells fell near Aleppo on Monday killing three civilians.", None)
    [event] = [e for e in coded.events if e["is_primary"]]
    assert event["geo_precision"] == 2  # near the city, not in it


def test_the_primary_event_at_a_named_area_sharpens_to_the_town_of_the_area_the_lead_names():
    # the area is as precise as a town, but only the town is a spot
    assert primary_place(
        "Mortars hit Eastern Ghouta\nMortar rounds fell on Eastern Ghouta on Friday. The rounds struck "
        "a bakery in Douma, killing four people."
    ) == ("Douma", "Rif Dimashq", "SY")
    assert primary_place(
        "Drone strike on the Golan Heights\nA drone hit a pickup truck on the Golan Heights on Sunday, "
        "killing two militiamen at the edge of Hader in Quneitra province."
    ) == ("Hadar", "Quneitra", "SY")
    # a city beside the area, in another admin1, is not a town of it
    assert primary_place(
        "Shelling of Eastern Ghouta kills six\nShells fell on the Eastern Ghouta enclave outside Damascus "
        "on Monday, killing six people."
    ) == ("Eastern Ghouta", "Rif Dimashq", "SY")


def test_villages_of_the_news_the_gazetteer_lacked_are_curated():
    assert ("al-Quria", "Al-Quriyah", "city", "Deir ez-Zor") in places(
        "Jets bombed the market of al-Quria in Deir ez-Zor province."
    )
    assert ("Arbeen", "Arbin", "city", "Rif Dimashq") in places("Rockets fell on Arbeen east of Damascus.")


def test_a_city_named_like_its_province_may_stand_for_the_province():
    # the headline's "Deir ez-Zor" is the province: the lead's town of the province is the spot
    assert primary_place(
        "Car bombs kill eight in Deir ez-Zor\nTwo car bombs exploded near the town of Mayadin on Sunday, "
        "killing eight people."
    ) == ("Mayadin", "Deir ez-Zor", "SY")
    # where the lead itself names the province, the event is the province's, not one town's
    assert primary_place(
        "Raids on Deir ez-Zor kill nine\nRaids on Deir ez-Zor province killed nine people on Sunday. Mayadin "
        "was hit twice, a monitor said."
    ) == ("Deir ez-Zor", "Deir ez-Zor", "SY")


def test_a_place_that_only_locates_another_is_no_spot_of_the_event():
    # "north of Aleppo" says where the farms are, not that the fighting was in the city
    assert primary_place(
        "Dozens killed in fighting at the Mallah Farms\nDozens of fighters were killed in clashes at the Mallah "
        "Farms north of Aleppo on Friday."
    )[:2] == ("Mallah Farms", "Aleppo")


def test_an_event_told_across_the_country_is_at_the_country():
    assert primary_place(
        "Shelling kills 25\nArmy shelling of rebel-held villages across the country killed 25 people on Friday. "
        "In Tafas in Daraa province nine people died, a monitor said."
    ) == ("Syria", None, "SY")
    # a headline of two places heads a roundup of events, the first the main one
    assert primary_place(
        "Shells kill five in Homs and Hama\nShells fired by militants killed four people in Homs city on Friday."
    )[:2] == ("Homs", "Homs")


def test_a_headline_place_wins_over_a_roundup_lead_across_the_country():
    assert (
        primary_place(
            "Army repels attack in Hama's northern countryside\nThe army pressed on with operations against "
            "militants across the country on Sunday. It repelled an attack on its posts near Kafr Zita in Hama "
            "countryside, killing 15 attackers."
        )[1]
        == "Hama"
    )


def test_a_province_named_after_a_named_area_is_no_town_of_it():
    assert primary_place(
        "Troops repel attack on the Mallah Farms in Aleppo\nTroops repelled an attack on the Mallah Farms in "
        "Aleppo northern countryside on Thursday, killing 40 militants."
    )[:2] == ("Mallah Farms", "Aleppo")


def test_more_news_spellings_of_known_places():
    assert ("Al Tabqah", "Tabqa", "city", "Raqqa") in places("Fighters advanced on Al Tabqah west of Raqqa.")
    assert ("Shaer Gas Field", "Shaer gas field", "facility", "Homs") in places(
        "Militants stormed the Shaer Gas Field east of Homs."
    )
