"""Events, the primary event and fatalities on short articles written for the genre."""

import datetime as dt

from sitrep.extract.article import code_article


def primary(text, published=None):
    coded = code_article("t", text, published)
    [p] = [e for e in coded.events if e["is_primary"]]
    return p, coded


def test_headline_event_refined_by_the_lead():
    p, _ = primary(
        "Rebel attack kills 9 in Aleppo\n"
        "Rebel fighters fired mortar shells into a government-held district of Aleppo on Monday "
        "killing nine civilians the state news agency said.",
        dt.date(2016, 5, 3),
    )
    assert (p["event_type"], p["sub_event_type"]) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert p["killed_best"] == 9 and p["event_date"] == dt.date(2016, 5, 2)


def test_sub_event_types_from_what_happened():
    cases = {
        "Car bomb kills 12 in Azaz": "Remote explosive/landmine/IED",
        "Suicide bomber kills 8 at Qamishli checkpoint": "Suicide bomb",
        "Gas attack kills 20 in Idlib town": "Chemical weapon",
        "Russian air strikes kill 15 in Idlib": "Air/drone strike",
        "Clashes between rebels and army kill 30 in Daraa": "Armed clash",
    }
    for title, sub in cases.items():
        p, _ = primary(title + "\nThe monitor gave no further details.")
        assert p["sub_event_type"] == sub, title


def test_attacker_and_target():
    p, _coded = primary(
        "Turkish jets pound IS positions near Al-Bab\nTurkish jets struck IS positions near Al-Bab "
        "killing 18 IS fighters the army said."
    )
    assert p["actor1_id"] == "turkish-armed-forces" and p["actor2_id"] == "islamic-state"


def test_primary_place_comes_from_the_lead_not_the_country():
    p, coded = primary(
        "Strikes kill 7 in Syria\nAir strikes hit the town of Saraqeb in Idlib province killing seven people."
    )
    place = next(pl for pl in coded.places if pl["place_id"] == p["place_id"])
    assert place["admin1_name"] == "Idlib"


def test_history_figures_link_to_no_event():
    _, coded = primary(
        "Shelling kills 4 in Homs\nShelling killed four people in Homs on Sunday. "
        "More than 300000 people have been killed since the conflict began in 2011."
    )
    history = [c for c in coded.casualties if c["count_low"] == 300000]
    assert history and history[0]["event_id"] is None


def test_fatalities_low_best_high_and_lists_add_up():
    p, _ = primary(
        "Clashes kill 32 near Palmyra\nClashes near Palmyra killed 12 soldiers and 20 IS fighters "
        "the monitor said. State media said three people were killed."
    )
    assert p["killed_best"] == 32 and p["killed_low"] == 3 and p["killed_high"] >= 32


def test_the_lead_corrects_the_headline_figure():
    p, _ = primary(
        "Army strike kills 20 militants near Kirkuk\nAn army missile strike near Kirkuk killed "
        "twenty-two militants on Friday, officials said."
    )
    assert p["killed_best"] == 22


def test_per_side_figures_add_up_but_a_part_of_a_whole_does_not():
    p, _ = primary(
        "Drone strike kills 30 insurgents\nA drone strike killed 30 insurgents and four civilians "
        "in a village near Mosul on Sunday, the governor said."
    )
    assert p["killed_best"] == 34
    p, _ = primary(
        "Shelling kills civilians in Taiz\nAt least 11 civilians and two children were killed by "
        "shelling in Taiz on Sunday, medics said."
    )
    assert p["killed_best"] == 11


def test_a_toll_deep_in_the_story_does_not_replace_the_headline_figure():
    p, _ = primary(
        "Bomb kills 3 at Kano market\nA bomb killed three traders at a market in Kano on Monday. "
        "Police said the market had been searched. Traders said they were afraid. "
        "Officials said they would review security. "
        "Attacks in the region have left at least 40 dead, police said."
    )
    assert p["killed_best"] == 3


def test_war_planes_are_not_the_war():
    p, _ = primary(
        "Raids hit Hama villages\nAt least 14 civilians have been killed in raids by war planes "
        "on villages in Hama province, a monitor said."
    )
    assert p["killed_best"] == 14


def test_no_year_no_date():
    p, _ = primary("Shells hit Hama\nShells hit Hama on Saturday (14 January).")
    assert p["event_date"] is None and "14 January" in p["date_text"]


def sub_event(body, title="Report"):
    coded = code_article("t", f"{title}\n{body}", dt.date(2020, 5, 10))
    primaries = [e for e in coded.events if e["is_primary"]]
    return (primaries[0]["event_type"], primaries[0]["sub_event_type"]) if primaries else None


def test_target_decides_battle_or_violence_against_civilians():
    assert sub_event("On Saturday, gunmen shot dead a village headman in his home.") == (
        "Violence against civilians",
        "Attack",
    )
    assert sub_event("On Saturday, militants attacked an army checkpoint near the town.") == ("Battles", "Armed clash")
    assert sub_event("On Friday, soldiers opened fire on a civilian bus at a roadblock.") == (
        "Violence against civilians",
        "Attack",
    )
    assert sub_event("A police officer was attacked by armed men on Monday.") == ("Battles", "Armed clash")


def test_heavy_weapons_alone_are_shelling_with_infantry_fire_a_clash():
    assert sub_event("On Monday, the army fired mortars at rebel positions near the village.") == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert sub_event("On Monday, the army fired mortars and small arms at rebel positions near the village.") == (
        "Battles",
        "Armed clash",
    )


def test_weapon_sub_events():
    assert sub_event("On Sunday, a grenade attack wounded five people at a market.") == (
        "Explosions/Remote violence",
        "Grenade",
    )
    assert sub_event("On Sunday, a roadside bomb killed three soldiers on the highway.") == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    assert sub_event("On Sunday, gunmen abducted two aid workers on the road to the town.") == (
        "Violence against civilians",
        "Abduction/forced disappearance",
    )


def test_an_exchange_of_fire_that_hurt_civilians_is_still_a_battle():
    assert sub_event(
        "On Tuesday, the two armies exchanged fire across the border and four civilians were injured."
    ) == ("Battles", "Armed clash")


def test_labour_and_hunger_strikes_are_no_air_strikes():
    assert sub_event("Dockworkers began a general strike on Monday over unpaid wages.") is None
    assert sub_event("The detainee has been on hunger strike since March, his lawyer said.") is None


def test_bombing_is_a_bomb_unless_the_story_is_of_aircraft():
    assert sub_event("On Friday, a bombing at a bus station killed six people.") == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    assert sub_event("Warplanes circled the town on Friday. The bombing killed six people.") == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )


def test_no_event_where_there_is_none():
    published = dt.date(2021, 3, 2)
    quiet = {
        "sanctions": "US imposes new sanctions on Sudan\nWASHINGTON - The United States imposed sanctions "
        "on three officials on Tuesday over abuses in Darfur, the Treasury said.",
        "labour": "Truckers strike across Brazil\nTruck drivers across Brazil began a national strike on "
        "Monday over fuel prices. The strikes left supermarkets short of food, the union said.",
        "trial": "Court jails man for 2019 killing\nA court on Thursday sentenced a man to life in prison "
        "for killing his neighbour in 2019.",
        "profile": "The general who rebuilt the army\nGeneral Ahmed Qasim has spent three decades in uniform. "
        "He fought in the battle for the city in 2016 and later led the training command.",
        "name": "Minister meets envoy\nForeign Minister Qasim met the UN envoy in the capital on Monday, "
        "the ministry said.",
    }
    for what, text in quiet.items():
        assert code_article("t", text, published).events == [], what


def test_a_photo_caption_is_page_furniture_not_the_story():
    # the caption shows last week's blast; the report is today's
    p, coded = primary(
        "Bomb blast hits Homs\n"
        "Bomb blast hits Homs. A girl wounded in a car bombing in Hama on Saturday rests in a "
        "clinic near the border (File photo) (Agencies) A bomb killed four people in Homs on "
        "Thursday state television reported.",
        dt.date(2017, 3, 10),
    )
    assert p["killed_best"] == 4 and p["event_date"] == dt.date(2017, 3, 9)
    assert all(c["sentence_no"] != 2 or c["count_low"] == 4 for c in coded.casualties)


def test_a_credit_that_stands_alone_closes_the_sentence_before():
    _, coded = primary(
        "Two killed in Lagos shooting\n"
        "Two men were shot dead in Lagos on Friday police said. "
        "Officers guard a market in Ibadan where a man was shot dead in May. (Photo: Police) "
        "The police have opened an inquiry.",
        dt.date(2019, 6, 8),
    )
    assert [c["count_low"] for c in coded.casualties if c["outcome"] == "killed"] == [2, 2]


def test_a_headline_run_into_a_caption_is_kept():
    p, _ = primary(
        "Man arrested after bringing a gun to court John Roe (Photo: City police) A man was "
        "charged on Monday after a gun was found in his bag at the court.",
        dt.date(2018, 3, 6),
    )
    assert p["sub_event_type"] == "Arrests"


def test_a_count_over_recent_days_is_not_the_days_toll():
    p, _ = primary(
        "Nine wounded in mortar attack on Aleppo\n"
        "Nine people were wounded when mortar shells hit a district of Aleppo on Friday state "
        "television said. In recent days 40 civilians have been killed in shelling of the city.",
        dt.date(2016, 4, 30),
    )
    assert p["wounded_best"] == 9 and p["killed_best"] is None


def test_a_ceiling_bounds_the_toll_but_is_no_best_estimate():
    p, _ = primary(
        "Gas attack kills 40 near Homs\nA gas attack killed at least 40 people near Homs on Monday, "
        "and doctors said the death toll could reach as many as 150."
    )
    assert p["killed_best"] == 40 and p["killed_high"] == 150

    p, _ = primary("Gas attack near Homs\nAs many as 150 people were killed in a gas attack near Homs, doctors said.")
    assert p["killed_best"] == 150


def test_an_event_told_as_what_came_before_keeps_its_own_figures():
    p, coded = primary(
        "Children killed in rocket attack on Mosul school\nAt least four children were killed in a "
        "rocket attack on a school in Mosul on Monday just a day after air strikes on a market in "
        "Tal Afar left 27 people dead."
    )
    assert p["killed_best"] == 4 and p["sub_event_type"] == "Shelling/artillery/missile attack"
    earlier = [c for c in coded.casualties if c["count_low"] == 27]
    assert earlier and earlier[0]["event_id"] != p["event_id"]


def test_a_day_after_a_report_is_no_earlier_event():
    p, _ = primary(
        "Strikes kill 30 in Raqqa\nA day after it was announced that strikes killed 30 civilians in Raqqa, "
        "officials said 12 of them were children."
    )
    assert p["killed_best"] == 30


def test_a_toll_told_right_after_a_side_story_is_the_side_storys():
    p, coded = primary(
        "Shelling kills 5 in Kharkiv\nShelling killed five people in Kharkiv on Monday, officials said. "
        "Officials said repairs would take weeks. Residents queued for water. "
        "On Sunday a missile strike hit a railway station in Kramatorsk. "
        "Regional officials gave a toll of 50 dead."
    )
    assert p["killed_best"] == 5
    toll = [c for c in coded.casualties if c["count_low"] == 50]
    assert toll and toll[0]["event_id"] not in (None, p["event_id"])
