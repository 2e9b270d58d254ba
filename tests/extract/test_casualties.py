"""The casualty grammar on short sentences written for the genre (not copied from any corpus)."""


def test_passive_report(figures):
    assert figures("Four people were killed in the blast.") == [("killed", 4, 4, "exact")]


def test_figure_after_killing_verb(figures):
    assert figures("The raid hit a market, killing 17 civilians.") == [("killed", 17, 17, "exact")]


def test_killed_and_wounded_are_two_rows_never_a_sum(figures):
    assert figures("Jets killed 40 fighters and wounded more than 60.") == [
        ("killed", 40, 40, "exact"), ("wounded", 60, None, "more_than")]


def test_per_group_rows_share_a_later_verb(figures):
    assert figures("At least 9 policemen and 14 militants were killed.") == [
        ("killed", 9, None, "at_least"), ("killed", 14, 14, "exact")]


def test_comma_less_wire_copy(figures):
    assert figures("The shelling killed 8 soldiers and wounded 25 others") == [
        ("killed", 8, 8, "exact"), ("wounded", 25, 25, "exact")]


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
        ("killed", 31, 31, "exact"), ("wounded", 70, 70, "exact")]


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
    kinds = {r.count_low: r.victim_kind for r in casualties_of(
        "Clashes killed 10 soldiers and 7 militants. Shelling killed 3 women.")}
    assert kinds == {10: "state_forces", 7: "armed_group", 3: "civilians"}


def test_offsets_point_at_the_figure():
    from tests.extract.conftest import casualties_of
    from flows.extract.document import Document
    text = "Title\nA car bomb killed 12 people near the market."
    r = casualties_of("A car bomb killed 12 people near the market.")[0]
    assert text[r.char_start:r.char_end].startswith("12 people")


def test_comma_less_headline_lists(figures):
    assert figures("9 civilians killed 14 injured in mortar attack on market") == [
        ("killed", 9, 9, "exact"), ("wounded", 14, 14, "exact")]
    assert figures("Jets kill 7 children 3 women near Hama") == [
        ("killed", 7, 7, "exact"), ("killed", 3, 3, "exact")]
    assert figures("Shelling kills 4 wounds 16 in Homs") == [
        ("killed", 4, 4, "exact"), ("wounded", 16, 16, "exact")]


def test_toll_head_far_before_the_figure(figures):
    assert figures("The death toll from Sunday's attack on the crowded bus station has risen to 48.") == [
        ("killed", 48, 48, "exact")]


def test_state_media_verbs(figures):
    assert figures("Army units eliminated more than 40 gunmen near the dam.") == [("killed", 40, None, "more_than")]


def test_coordinated_verb_before_the_outcome(figures):
    assert figures("Eleven villagers were abducted and executed by the group.") == [("killed", 11, 11, "exact")]


def test_subset_forms(figures):
    assert figures("Strikes killed 14 people 6 of them children.") == [
        ("killed", 14, 14, "exact"), ("killed", 6, 6, "exact")]
    assert figures("3 paramedics among at least 27 dead after the raid") == [
        ("killed", 3, 3, "exact"), ("killed", 27, None, "at_least")]
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
        ("killed", 1, 1, "exact"), ("killed", 9, 9, "exact")]


def test_among_the_dead_before_the_figures():
    from tests.extract.conftest import casualties_of
    rows = casualties_of("Among the dead were three nurses and a driver, the hospital said.")
    assert [(r.outcome, r.count_low, r.is_subset) for r in rows] == [("killed", 3, True), ("killed", 1, True)]
