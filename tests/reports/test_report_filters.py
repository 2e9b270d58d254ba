"""`sitrep report NAME --country/--admin1/--since/--until/--actor/--event-type`: every report
applies the filters its SQL declares, refuses the others in one line, and `--param` binds the
parameters a report declares of its own. The real command on the warehouse of conftest.py
(six articles: Nigeria twice, Syria, Somalia, and one strike in Yemen two outlets report)."""

import csv
import io

import pytest

from sitrep import reports
from sitrep.cli import main as sitrep

BORNO = "Boko Haram fighters kill 14 villagers in Borno"
KANO = "Police clash with gunmen in Kano"
ALEPPO = "Air strike kills nine civilians in Aleppo"
MOGADISHU = "Car bomb kills five in Mogadishu"
TAIZ_REUTERS = "Saudi-led coalition air strike kills 12 at market in Yemen's Taiz"
TAIZ_AFP = "Fifteen dead as Saudi-led coalition jets bomb Taiz market"
EVENT_REPORTS = (
    "casualties_by_actor",
    "event_timeline",
    "incident_timeline",
    "places_most_events",
    "quotes_by_speaker",
    "sources_disagree",
)


def rows(capsys, warehouse, name, *args) -> list[dict]:
    """The report's rows, as its CSV gives them."""
    code = sitrep(["report", name, "--warehouse", str(warehouse), "--format", "csv", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def refused(capsys, warehouse, *args) -> str:
    """The one line `sitrep` says when it refuses the command."""
    code = sitrep(["report", *args, "--warehouse", str(warehouse)])
    out, err = capsys.readouterr()
    assert code == 1 and out == "", (out, err)
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    return err


def titles(found: list[dict]) -> set[str]:
    return {r["title"] for r in found}


def test_each_report_declares_its_filters_in_its_sql():
    by_name = {r.name: r for r in reports.all_reports()}
    for name in EVENT_REPORTS:
        assert by_name[name].filters == list(reports.FILTERS), name
    unfiltered = {"run_quality", "quarantined_inputs", "article_changes"}  # runs, inputs, versions
    assert all(by_name[name].filters == [] for name in unfiltered)
    assert set(by_name) == set(EVENT_REPORTS) | unfiltered


def test_the_list_of_reports_says_what_each_takes(capsys):
    assert sitrep(["report"]) == 0
    listed = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "all filters; --param limit=" in listed["event_timeline"]
    assert "no filters" in listed["quarantined_inputs"]


def test_unfiltered_reports_hold_every_country(capsys, warehouse):
    assert titles(rows(capsys, warehouse, "event_timeline")) == {BORNO, KANO, ALEPPO, MOGADISHU, TAIZ_REUTERS, TAIZ_AFP}
    for name in ("run_quality", "quarantined_inputs"):
        rows(capsys, warehouse, name)


def test_country(capsys, warehouse):
    assert titles(rows(capsys, warehouse, "event_timeline", "--country", "NG")) == {BORNO, KANO}
    assert titles(rows(capsys, warehouse, "event_timeline", "--country", "ng")) == {BORNO, KANO}
    assert {r["place"] for r in rows(capsys, warehouse, "incident_timeline", "--country", "NG")} == {"Borno", "Kano"}
    assert [r["name"] for r in rows(capsys, warehouse, "places_most_events", "--country", "SY")] == ["Aleppo"]
    assert [r["perpetrator"] for r in rows(capsys, warehouse, "casualties_by_actor", "--country", "SY")] == [
        "Russian armed forces"
    ]
    assert [r["speaker"] for r in rows(capsys, warehouse, "quotes_by_speaker", "--country", "NG")] == ["Musa Bukar"]
    assert titles(rows(capsys, warehouse, "sources_disagree", "--country", "YE")) == {TAIZ_REUTERS, TAIZ_AFP}
    assert rows(capsys, warehouse, "sources_disagree", "--country", "NG") == []
    assert rows(capsys, warehouse, "event_timeline", "--country", "UA") == []  # a country with no events


def test_admin1(capsys, warehouse):
    assert titles(rows(capsys, warehouse, "event_timeline", "--admin1", "borno")) == {BORNO}
    assert [r["admin1"] for r in rows(capsys, warehouse, "incident_timeline", "--admin1", "Banadir")] == ["Banadir"]
    assert [r["perpetrator"] for r in rows(capsys, warehouse, "casualties_by_actor", "--admin1", "Kano")] == [
        "Police Forces of Nigeria"
    ]
    assert [r["speaker"] for r in rows(capsys, warehouse, "quotes_by_speaker", "--admin1", "Taiz")] == ["Ahmed Saleh"]


def test_admin1_no_place_is_in_is_noted(capsys, warehouse):
    code = sitrep(["report", "event_timeline", "--admin1", "Kabul", "--warehouse", str(warehouse)])
    out, err = capsys.readouterr()
    assert code == 0 and "(0 rows)" in out
    assert "no place in the warehouse is in an admin1 named 'Kabul'" in err


def test_since_and_until_bound_the_event_date(capsys, warehouse):
    found = rows(capsys, warehouse, "event_timeline", "--since", "2024-01-01", "--until", "2024-02-29")
    assert titles(found) == {BORNO, MOGADISHU}
    assert all("2024-01-01" <= r["event_date"] <= "2024-02-29" for r in found)
    assert titles(rows(capsys, warehouse, "event_timeline", "--since", "2024-03-05")) == {ALEPPO}  # inclusive
    assert titles(rows(capsys, warehouse, "event_timeline", "--until", "2023-03-14")) == {TAIZ_REUTERS, TAIZ_AFP}
    assert [r["event_date"] for r in rows(capsys, warehouse, "incident_timeline", "--until", "2023-12-31")] == [
        "2023-05-01",
        "2023-03-14",
    ]
    assert [r["perpetrator"] for r in rows(capsys, warehouse, "casualties_by_actor", "--since", "2024-03-01")] == [
        "Russian armed forces"
    ]


@pytest.mark.parametrize("actor", ["Boko Haram", "boko haram", "JAS", "boko-haram"])
def test_actor_by_name_alias_or_id(capsys, warehouse, actor):
    assert titles(rows(capsys, warehouse, "event_timeline", "--actor", actor)) == {BORNO}
    assert {r["perpetrator"] for r in rows(capsys, warehouse, "casualties_by_actor", "--actor", actor)} == {
        "Boko Haram"
    }
    assert [r["speaker"] for r in rows(capsys, warehouse, "quotes_by_speaker", "--actor", actor)] == ["Musa Bukar"]


def test_actor_matches_actor2_too_and_the_perpetrator_in_casualties(capsys, warehouse):
    assert titles(rows(capsys, warehouse, "event_timeline", "--actor", "Somali police")) == {MOGADISHU}
    assert [
        r["place"] for r in rows(capsys, warehouse, "incident_timeline", "--actor", "Police Forces of Somalia")
    ] == ["Mogadishu"]
    # The Somali police are no perpetrator: no casualty figure is theirs.
    assert rows(capsys, warehouse, "casualties_by_actor", "--actor", "Police Forces of Somalia") == []
    assert {r["perpetrator"] for r in rows(capsys, warehouse, "casualties_by_actor", "--actor", "Saudi coalition")} == {
        "Saudi-led coalition"
    }
    assert titles(rows(capsys, warehouse, "sources_disagree", "--actor", "saudi-led-coalition")) == {
        TAIZ_REUTERS,
        TAIZ_AFP,
    }


def test_event_type_or_sub_event_type(capsys, warehouse):
    assert titles(rows(capsys, warehouse, "event_timeline", "--event-type", "battles")) == {KANO}
    assert titles(rows(capsys, warehouse, "event_timeline", "--event-type", "Air/drone strike")) == {
        ALEPPO,
        TAIZ_REUTERS,
        TAIZ_AFP,
    }
    assert titles(rows(capsys, warehouse, "event_timeline", "--event-type", "Explosions/Remote violence")) == {
        ALEPPO,
        TAIZ_REUTERS,
        TAIZ_AFP,
        MOGADISHU,
    }
    assert [r["name"] for r in rows(capsys, warehouse, "places_most_events", "--event-type", "Attack")] == ["Borno"]
    assert [r["perpetrator"] for r in rows(capsys, warehouse, "casualties_by_actor", "--event-type", "Battles")] == [
        "Police Forces of Nigeria"
    ]


def test_filters_combine(capsys, warehouse):
    assert titles(rows(capsys, warehouse, "event_timeline", "--country", "NG", "--since", "2024-01-01")) == {BORNO}
    assert titles(
        rows(
            capsys,
            warehouse,
            "event_timeline",
            "--country",
            "SY",
            "--event-type",
            "Air/drone strike",
            "--actor",
            "Russian air force",
            "--admin1",
            "Aleppo",
            "--until",
            "2024-12-31",
        )
    ) == {ALEPPO}
    assert rows(capsys, warehouse, "event_timeline", "--country", "SY", "--actor", "Boko Haram") == []


def test_a_report_that_cannot_apply_a_filter_refuses_it(capsys, warehouse):
    err = refused(capsys, warehouse, "run_quality", "--country", "SY")
    assert "report 'run_quality' cannot be filtered by --country (it takes no filters)" in err
    err = refused(capsys, warehouse, "quarantined_inputs", "--since", "2024-01-01", "--actor", "JAS")
    assert "cannot be filtered by --since, --actor" in err


def test_param_binds_what_a_report_declares_and_refuses_the_rest(capsys, warehouse):
    latest = rows(capsys, warehouse, "event_timeline", "--param", "limit=2")
    assert titles(latest) == {ALEPPO, BORNO}  # the two latest
    assert len(rows(capsys, warehouse, "incident_timeline", "--param", "limit=1", "--country", "NG")) == 1
    err = refused(capsys, warehouse, "quarantined_inputs", "--param", "x=1")
    assert "report 'quarantined_inputs' has no parameter $x (it takes no --param)" in err
    err = refused(capsys, warehouse, "event_timeline", "--param", "x=1")
    assert "has no parameter $x (its parameters: limit)" in err
    err = refused(capsys, warehouse, "event_timeline", "--param", "country=NG")  # the issue's own command
    assert "--param country= is the filter --country; give --country VALUE" in err


def test_an_actor_the_warehouse_does_not_know_is_refused(capsys, warehouse):
    err = refused(capsys, warehouse, "event_timeline", "--actor", "Boko Harram")
    assert "no actor is named 'Boko Harram'" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--country", "XX"], "'XX' is no ISO 3166-1 alpha-2 country code"),
        (["--country", "Nigeria"], "is no ISO 3166-1 alpha-2 country code"),
        (["--since", "2024-13-01"], "'2024-13-01' is no date YYYY-MM-DD"),
        (["--event-type", "airstrike"], "did you mean 'Air/drone strike'?"),
    ],
)
def test_a_filter_value_that_cannot_match_is_refused(capsys, warehouse, args, message):
    with pytest.raises(SystemExit) as stop:
        sitrep(["report", "event_timeline", "--warehouse", str(warehouse), *args])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_since_after_until_is_refused(capsys, warehouse):
    err = refused(capsys, warehouse, "event_timeline", "--since", "2024-05-01", "--until", "2024-01-01")
    assert "--since 2024-05-01 is after --until 2024-01-01" in err


def test_filter_values_are_bound_never_pasted(capsys, warehouse):
    assert rows(capsys, warehouse, "event_timeline", "--admin1", "x') OR ('1'='1") == []
    capsys.readouterr()
