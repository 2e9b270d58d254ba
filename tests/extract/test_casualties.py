"""The casualty grammar on short sentences written for the genre (not copied from any corpus)."""


def test_passive_report(figures):
    assert figures("Four people were killed in the blast.") == [("killed", 4, 4, "exact")]


def test_figure_after_killing_verb(figures):
    assert figures("The raid hit a market, killing 17 civilians.") == [("killed", 17, 17, "exact")]


def test_killed_and_wounded_are_two_rows_never_a_sum(figures):
    assert figures("Jets killed 40 fighters and wounded more than 60.") == [
        ("killed", 40, 40, "exact"),
        ("wounded", 60, None, "more_than"),
    ]


def test_per_group_rows_share_a_later_verb(figures):
    assert figures("At least 9 policemen and 14 militants were killed.") == [
        ("killed", 9, None, "at_least"),
        ("killed", 14, 14, "exact"),
    ]


def test_comma_less_wire_copy(figures):
    assert figures("The shelling killed 8 soldiers and wounded 25 others") == [
        ("killed", 8, 8, "exact"),
        ("wounded", 25, 25, "exact"),
    ]


def test_death_toll(figures):
    assert figures("The death toll from the attack rose to 53 on Monday.") == [("killed", 53, 53, "exact")]
    assert figures("Officials put the death toll at at least 19.") == [("killed", 19, None, "at_least")]


def test_leaving_martyrs_and_claims(figures):
    assert figures("The strike hit the village leaving 7 martyrs.") == [("killed", 7, 7, "exact")]
    assert figures("The blast claimed the lives of eleven people.") == [("killed", 11, 11, "exact")]


def test_subset_is_its_own_row(figures):
    rows = figures("Mortars killed 22 civilians including six children.")
    assert rows == [("killed", 22, 22, "exact"), ("killed", 6, 6, "exact")]


def test_among_the_dead(figures):
    assert figures("Two nurses were among the dead.") == [("killed", 2, 2, "exact")]


def test_single_victim(figures):
    assert figures("A boy was killed by sniper fire.") == [("killed", 1, 1, "exact")]
    assert figures("Gunmen shot dead a local commander.") == [("killed", 1, 1, "exact")]


def test_vague_figures(figures):
    assert figures("Dozens of people were wounded.") == [("wounded", 12, None, "vague")]
    assert figures("Several guards died.") == [("killed", 3, None, "vague")]


def test_headline_noun_forms(figures):
    assert figures("31 civilians killed 70 injured in car bombing") == [
        ("killed", 31, 31, "exact"),
        ("wounded", 70, 70, "exact"),
    ]


def test_not_casualties(figures):
    assert figures("Rebels destroyed two tanks and four vehicles.") == []
    assert figures("The raid lasted 45 minutes and 12 strikes were carried out.") == []
    assert figures("A 9-year-old girl was rescued from the rubble.") == []
    assert figures("The war began in 2011.") == []
    assert figures("They fired 200 rounds of 23mm ammunition.") == []
    assert figures("The bombing killed or wounded 35 people.") == []


def test_victim_kinds():
    from tests.extract.conftest import casualties_of

    kinds = [r.victim_kind for r in casualties_of("The attack killed 5 soldiers 3 rebels and 4 children.")]
    assert kinds[0] == "state_forces"
    kinds = {
        r.count_low: r.victim_kind
        for r in casualties_of("Clashes killed 10 soldiers and 7 militants. Shelling killed 3 women.")
    }
    assert kinds == {10: "state_forces", 7: "armed_group", 3: "civilians"}


def test_offsets_point_at_the_figure():
    from tests.extract.conftest import casualties_of

    text = "Title\nA car bomb killed 12 people near the market."
    r = casualties_of("A car bomb killed 12 people near the market.")[0]
    assert text[r.char_start : r.char_end].startswith("12 people")


def test_comma_less_headline_lists(figures):
    assert figures("9 civilians killed 14 injured in mortar attack on market") == [
        ("killed", 9, 9, "exact"),
        ("wounded", 14, 14, "exact"),
    ]
    assert figures("Jets kill 7 children 3 women near Hama") == [("killed", 7, 7, "exact"), ("killed", 3, 3, "exact")]
    assert figures("Shelling kills 4 wounds 16 in Homs") == [("killed", 4, 4, "exact"), ("wounded", 16, 16, "exact")]


def test_toll_head_far_before_the_figure(figures):
    assert figures("The death toll from Sunday's attack on the crowded bus station has risen to 48.") == [
        ("killed", 48, 48, "exact")
    ]


def test_state_media_verbs(figures):
    assert figures("Army units eliminated more than 40 gunmen near the dam.") == [("killed", 40, None, "more_than")]


def test_coordinated_verb_before_the_outcome(figures):
    assert figures("Eleven villagers were abducted and executed by the group.") == [("killed", 11, 11, "exact")]


def test_subset_forms(figures):
    assert figures("Strikes killed 14 people 6 of them children.") == [
        ("killed", 14, 14, "exact"),
        ("killed", 6, 6, "exact"),
    ]
    assert figures("3 paramedics among at least 27 dead after the raid") == [
        ("killed", 3, 3, "exact"),
        ("killed", 27, None, "at_least"),
    ]
    assert figures("19 fighters were counted among those killed.") == [("killed", 19, 19, "exact")]


def test_victim_named_by_role(figures):
    assert figures("Car Bomb Kills Senior Police Commander in Daraa") == [("killed", 1, 1, "exact")]


def test_dash_between_phrases_is_not_a_range_or_compound(figures):
    assert figures("Posted 3 May 2015 - 8 soldiers killed in ambush") == [("killed", 8, 8, "exact")]


def test_subsets_are_marked_and_lists_share_a_list():
    from tests.extract.conftest import casualties_of

    rows = casualties_of("Mortars killed 22 civilians including six children.")
    assert [r.is_subset for r in rows] == [False, True]
    rows = casualties_of("At least 12 soldiers and 20 fighters were killed.")
    assert rows[0].list_id is not None and rows[0].list_id == rows[1].list_id


def test_modifiers_decide_the_victim_kind():
    from tests.extract.conftest import casualties_of

    kinds = [r.victim_kind for r in casualties_of("The raid killed 27 pro-government fighters and 9 rebel soldiers.")]
    assert kinds == ["state_forces", "armed_group"]


def test_combined_killed_and_wounded_is_no_report(figures):
    assert figures("At least 48 killed and injured in mortar attacks") == []
    assert figures("Two villages killed 15 civilians.")[0] == ("killed", 15, 15, "exact")


def test_possessive_inside_a_victim_phrase(figures):
    # "The commander" is one victim (a definite person noun), "nine of his men" the next row
    assert figures("The commander and nine of his men were killed.") == [
        ("killed", 1, 1, "exact"),
        ("killed", 9, 9, "exact"),
    ]


def test_among_the_dead_before_the_figures():
    from tests.extract.conftest import casualties_of

    rows = casualties_of("Among the dead were three nurses and a driver, the hospital said.")
    assert [(r.outcome, r.count_low, r.is_subset) for r in rows] == [("killed", 3, True), ("killed", 1, True)]


# Everyday news prose worldwide (issue 11): single victims, wounds, negation, note-style figures.


def test_passive_single_victim_shot_and_killed(figures):
    assert figures("A farmer was shot and killed near the well.") == [("killed", 1, 1, "exact")]


def test_fatally_shot_and_shot_to_death(figures):
    assert figures("The shopkeeper was fatally shot on Monday.") == [("killed", 1, 1, "exact")]
    assert figures("A taxi driver was shot to death in his car.") == [("killed", 1, 1, "exact")]


def test_shot_dead_a_role_with_free_modifiers(figures):
    assert figures("Rebels shot dead an assistant district chief.") == [("killed", 1, 1, "exact")]


def test_stabbed_to_death_and_object_then_to_death(figures):
    assert figures("A teenager was stabbed to death outside the station.") == [("killed", 1, 1, "exact")]
    assert figures("A guard stabbed a customer to death over a mask.") == [("killed", 1, 1, "exact")]


def test_found_and_pronounced_dead(figures):
    assert figures("A trader was found dead in the river.") == [("killed", 1, 1, "exact")]
    assert figures("The officer was pronounced dead at the hospital.") == [("killed", 1, 1, "exact")]


def test_later_died_died_at_the_scene_succumbed(figures):
    assert figures("The boy later died from his injuries.") == [("killed", 1, 1, "exact")]
    assert figures("A cyclist died at the scene.") == [("killed", 1, 1, "exact")]
    assert figures("The guard succumbed to his wounds on Friday.") == [("killed", 1, 1, "exact")]


def test_object_pronoun_after_a_casualty_verb(figures):
    assert figures("Gunmen stormed the house, killing him.") == [("killed", 1, 1, "exact")]


def test_the_killer_is_no_victim_of_an_active_verb(figures):
    assert figures("The suspect killed his wife before fleeing.") == [("killed", 1, 1, "exact")]
    assert figures("Three gunmen killed four people.") == [("killed", 4, 4, "exact")]


def test_definite_person_noun_is_one_victim(figures):
    assert figures("The officer was killed in the blast.") == [("killed", 1, 1, "exact")]


def test_named_person_with_age_is_one_victim_and_the_age_no_count(figures):
    assert figures("Juan Perez, 34, was killed on Sunday.") == [("killed", 1, 1, "exact")]
    assert figures("Militants shot and killed Ali Hassan Omar near the market.") == [("killed", 1, 1, "exact")]
    assert figures("Ahmed, 24, was shot in the arm.") == [("wounded", 1, 1, "exact")]


def test_an_age_as_the_noun(figures):
    assert figures("A 17-year-old was shot in the leg.") == [("wounded", 1, 1, "exact")]


def test_shot_alone_is_a_wound(figures):
    assert figures("Another man was shot and injured.") == [("wounded", 1, 1, "exact")]
    assert figures("A second man was shot and wounded.") == [("wounded", 1, 1, "exact")]
    assert figures("A bystander was shot in the shoulder.") == [("wounded", 1, 1, "exact")]


def test_a_wound_then_a_death_is_a_death(figures):
    assert figures("A man was shot in the chest and later died.") == [("killed", 1, 1, "exact")]
    assert figures("A nurse was injured in the blast and later succumbed.") == [("killed", 1, 1, "exact")]


def test_gunshot_wounds_and_injuries_with_words_between(figures):
    assert figures("The driver suffered a gunshot wound to the arm.") == [("wounded", 1, 1, "exact")]
    assert figures("The clerk suffered non-life-threatening injuries.") == [("wounded", 1, 1, "exact")]


def test_taken_to_hospital(figures):
    assert figures("A woman was taken to St. Mary's Hospital with gunshot wounds.") == [("wounded", 1, 1, "exact")]
    assert figures("The guard was hospitalised in critical condition after being shot.") == [("wounded", 1, 1, "exact")]


def test_pronoun_and_a_counted_group_are_one_list():
    from tests.extract.conftest import casualties_of

    rows = casualties_of("Gunmen opened fire, injuring him and two of his children.")
    assert [(r.outcome, r.count_low) for r in rows] == [("wounded", 1), ("wounded", 2)]
    assert rows[0].list_id is not None and rows[0].list_id == rows[1].list_id
    rows = casualties_of("Militants ambushed the convoy, killing him and four of his bodyguards.")
    assert [(r.outcome, r.count_low) for r in rows] == [("killed", 1), ("killed", 4)]


def test_killed_and_injured_in_one_sentence(figures):
    assert figures("The rebels killed two soldiers and injured five others.") == [
        ("killed", 2, 2, "exact"),
        ("wounded", 5, 5, "exact"),
    ]
    assert figures("The attack killed 19 people, wounded 35 others.") == [
        ("killed", 19, 19, "exact"),
        ("wounded", 35, 35, "exact"),
    ]


def test_note_style_figures(figures):
    assert figures("3 fatalities.") == [("killed", 3, 3, "exact")]
    assert figures("1 fatality.") == [("killed", 1, 1, "exact")]
    assert figures("1 injured.") == [("wounded", 1, 1, "exact")]
    assert figures("8 people died.") == [("killed", 8, 8, "exact")]
    assert figures("Three officers died.") == [("killed", 3, 3, "exact")]
    assert figures("Unknown fatalities coded as 10.") == [("killed", 10, 10, "exact")]


def test_dead_lives_hurt_and_casualties(figures):
    assert figures("The bombing left 12 dead.") == [("killed", 12, 12, "exact")]
    assert figures("The blast claimed 9 lives.") == [("killed", 9, 9, "exact")]
    assert figures("Nine were hurt in the stampede.") == [("wounded", 9, 9, "exact")]
    assert figures("The raid caused 30 casualties.") == []  # killed and wounded together


def test_negation_and_zero_give_no_row(figures):
    for sentence in (
        "No one was hurt.",
        "There were no injuries.",
        "Nobody was killed in the raid.",
        "No fatalities nor injuries were reported.",
        "0 fatalities.",
        "The convoy passed without casualties.",
        "The mayor escaped unhurt.",
        "The driver was not injured.",
        "Zero casualties were reported.",
    ):
        assert figures(sentence) == [], sentence


def test_threats_and_wishes_are_no_reports(figures):
    assert figures("He threatened to kill his wife.") == []
    assert figures("She said he was going to kill her and then kill himself.") == []
    assert figures("The doctor said he could have died.") == []


def test_perpetrators_among_the_dead():
    from tests.extract.conftest import casualties_of

    rows = casualties_of("The attacker was killed by police.")
    assert [(r.outcome, r.count_low, r.victim_kind) for r in rows] == [("killed", 1, "armed_group")]
    rows = casualties_of("Three militants were killed in the raid.")
    assert [(r.outcome, r.count_low, r.victim_kind) for r in rows] == [("killed", 3, "armed_group")]


def test_other_fates_leave_the_figure_unsplit(figures):
    assert figures("Five militants were killed or captured.") == []
    assert figures("Three fighters were killed, injured or arrested.") == []


def test_animals_are_no_victims(figures):
    assert figures("Soldiers killed five cows and a goat.") == []


def test_ordinals_dozens_and_handfuls(figures):
    assert figures("On 1st May, troops killed 4 rebels.") == [("killed", 4, 4, "exact")]
    assert figures("Two dozen people were killed.") == [("killed", 24, 24, "exact")]
    assert figures("A handful of soldiers were wounded.") == [("wounded", 3, None, "vague")]


def test_times_addresses_calibres_and_money_count_no_one(figures):
    assert figures("Shots were fired at 2130 near 45 Elm Street, injuring a man.") == [("wounded", 1, 1, "exact")]
    assert figures("Police recovered a .380 pistol after the gunman shot a guard.") == [("wounded", 1, 1, "exact")]
    assert figures("A $5,000 reward is offered after a man was shot dead.") == [("killed", 1, 1, "exact")]


def test_appositions_and_comma_lists(figures):
    assert figures("Two brothers, Ali and Omar Khan, were shot and killed.") == [("killed", 2, 2, "exact")]
    assert figures("Three soldiers, a civilian and a militant were killed.") == [
        ("killed", 3, 3, "exact"),
        ("killed", 1, 1, "exact"),
        ("killed", 1, 1, "exact"),
    ]


def test_a_phrase_between_the_victim_and_the_outcome(figures):
    assert figures("A soldier on patrol near the border was killed.") == [("killed", 1, 1, "exact")]


def test_bodies_found(figures):
    assert figures("His body was found in a ditch.") == [("killed", 1, 1, "exact")]
    assert figures("The bodies of two men were found in a field.") == [("killed", 2, 2, "exact")]


def test_page_furniture_is_no_row(figures):
    assert figures("More: Man shot dead in parking lot Police said the store was closed.") == []


def test_both_counts_two_unless_it_pairs_two_kinds(figures):
    assert figures("Both brothers were shot and killed.") == [("killed", 2, 2, "exact")]
    assert figures("Both militants and civilians were killed in the clashes.") == []


def test_a_killing_judged_in_court_is_no_report_but_a_charge_is(figures):
    assert figures("A court sentenced a man to life in prison for killing his neighbour.") == []
    assert figures("A man has been charged with murder for gunning down a bartender.") == [("killed", 1, 1, "exact")]


def test_deaths_of_no_violence_are_no_reports(figures):
    assert figures("Three people were killed in a car crash on the highway.") == []
    assert figures("Hundreds of people were killed by opioids last year.") == []


def test_related_headlines_and_photo_credits_run_into_the_text_are_no_rows(figures):
    assert figures("Related Car Bomb Kills 14 In Kabul Province Officials Say Tags bombing Afghanistan.") == []
    assert figures("AP Photo John Smith Militants Kill 30 Villagers In Raid Police said the town was calm.") == []
    assert figures("Related reports said 12 people were killed.") == [("killed", 12, 12, "exact")]


def test_a_foreseen_toll_is_a_ceiling(figures):
    assert figures("Officials said the death toll could reach as many as 150.") == [("killed", None, 150, "up_to")]
    assert figures("The ministry said the death toll may be as high as 9000.") == [("killed", None, 9000, "up_to")]


def test_a_part_named_after_a_link_is_a_subset_of_the_figure_before():
    from tests.extract.conftest import casualties_of

    rows = casualties_of("Eighteen people died in the raid and at least 7 were children.")
    assert [(r.outcome, r.count_low, r.is_subset, r.victim_group) for r in rows] == [
        ("killed", 18, False, "people"),
        ("killed", 7, True, "children"),
    ]
    rows = casualties_of("Twenty people were killed and two of the victims were women.")
    assert [(r.count_low, r.is_subset, r.victim_kind) for r in rows] == [(20, False, "unknown"), (2, True, "civilians")]
    assert [r.count_low for r in casualties_of("Ten people were killed while 12 were arrested.")] == [10]


def test_a_source_named_after_its_description_is_the_named_source():
    """ "<country>'s state media <Name> said": the name nearest the reporting verb is the source,
    with no alias for the whole phrase."""
    from tests.extract.conftest import casualties_of

    for text, source in [
        ("Four soldiers were killed in the blast, Syria's state media Sana said.", "sana"),
        ("Two guards were wounded, Iran's state news agency IRNA reported.", "irna"),
        ("Six rebels were killed, Russia's state news agency Tass said.", "tass"),
    ]:
        assert [r.reported_by_actor_id for r in casualties_of(text)] == [source], text


def test_a_subset_after_a_comma_takes_the_outcome_before_it():
    from tests.extract.conftest import casualties_of

    rows = casualties_of("Five people were killed , among them two children.")
    assert [(r.count_low, r.outcome, r.is_subset) for r in rows] == [(5, "killed", False), (2, "killed", True)]


def test_a_place_name_is_no_victim_phrase_that_hides_the_figure(figures):
    assert figures("Army shelling of villages in Hama has cost the lives of 41 civilians.") == [
        ("killed", 41, 41, "exact")
    ]


def test_an_ordinal_after_a_casualty_verb_is_one_more_victim(figures):
    assert figures("A mortar hit a house killing two sisters and injuring a third SANA said.") == [
        ("killed", 2, 2, "exact"),
        ("wounded", 1, 1, "exact"),
    ]
    assert figures("Strikes killed four for a second day running.") == [("killed", 4, 4, "exact")]
