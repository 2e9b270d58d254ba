"""bench/accuracy.py, the scorer behind the README's "Accuracy" numbers: a real flow run of the
seed article, scored against gold written here in each of the three formats it reads."""

import importlib.util
import json
import shutil
import sys

import pytest

from sitrep.cli import main as sitrep
from tests.conftest import ROOT, SEED

# bench/ is a folder of scripts, not a package: load the script as the README runs it.
_spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
accuracy = sys.modules["bench_accuracy"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

SEED_FILE = SEED.name

# The seed article coded by hand, by the codebook: every figure, quote and place it reports.
CODED = {
    "file": SEED_FILE,
    "published_on": None,
    "casualties": [
        {"outcome": "killed", "count_low": 30, "count_high": None, "qualifier": "at_least", "victim_kind": "unknown"},
        {"outcome": "killed", "count_low": 12, "count_high": None, "qualifier": "vague", "victim_kind": "unknown"},
        {"outcome": "killed", "count_low": 3, "count_high": 3, "qualifier": "exact", "victim_kind": "unknown"},
        {"outcome": "wounded", "count_low": 9, "count_high": 9, "qualifier": "exact", "victim_kind": "unknown"},
        {
            "outcome": "killed",
            "count_low": 12,
            "count_high": None,
            "qualifier": "at_least",
            "victim_kind": "state_forces",
        },
        {"outcome": "killed", "count_low": 20, "count_high": 20, "qualifier": "exact", "victim_kind": "armed_group"},
        {"outcome": "killed", "count_low": 62, "count_high": 62, "qualifier": "exact", "victim_kind": "state_forces"},
        {
            "outcome": "wounded",
            "count_low": 100,
            "count_high": None,
            "qualifier": "more_than",
            "victim_kind": "state_forces",
        },
    ],
    "quotes": [
        {"speaker": "Bashar al-Assad", "text_starts": "It was a premeditated attack"},
        {"speaker": "Bashar al-Assad", "text_starts": "It wasn't by coincidence"},
        {"speaker": "Richard Coe", "text_starts": "We made an unintentional, regrettable error"},
    ],
    "places": [
        {"name": "Deir ez-Zor", "place_type": "city", "latitude": 35.34, "longitude": 40.14},
        {"name": "Deir ez-Zor Governorate", "place_type": "admin1"},
        {"name": "Deir ez-Zor Airport", "place_type": "facility", "latitude": 35.28, "longitude": 40.18},
        {"name": "Raqqa", "place_type": "city", "latitude": 35.95, "longitude": 39.01},
        {"name": "Astana", "place_type": "city", "latitude": 51.18, "longitude": 71.45},
        {"name": "Syria", "place_type": "country"},
        {"name": "Iraq", "place_type": "country"},
    ],
    "primary_event": {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "place": "Deir ez-Zour",
        "governorate": "Deir ez-Zor",
        "killed_best": 30,
        "event_date": None,
    },
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_server):
    inbox = tmp_path_factory.mktemp("seed")
    shutil.copy(SEED, inbox)
    path = tmp_path_factory.mktemp("wh") / "seed.duckdb"
    assert sitrep(["run", "--quiet", "--input", str(inbox), "--warehouse", str(path)]) == 0
    return str(path)


def score(warehouse, gold_rows, tmp_path, capsys, *options):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(row) + "\n" for row in gold_rows), encoding="utf-8")
    code = accuracy.main(["--warehouse", warehouse, "--gold", str(gold), "--json", *options])
    return code, json.loads(capsys.readouterr().out)


def test_a_gold_that_agrees_with_the_run_scores_one_on_every_metric(warehouse, tmp_path, capsys):
    code, result = score(warehouse, [CODED], tmp_path, capsys, "--min", "casualty_f1=1", "--min", "place_f1=1")
    assert code == 0 and result["gold"] == "coded"
    assert set(result["metrics"]) >= {
        "coverage",
        "casualty_f1",
        "quote_f1",
        "place_f1",
        "victim_kind_of_matched",
        "primary_event_type",
        "primary_sub_event_type",
        "primary_place",
        "primary_governorate",
        "primary_killed_best",
        "primary_date",
        "published_on",
    }
    assert set(result["metrics"].values()) == {1.0}
    assert result["counts"]["casualty_recall"] == 7  # the vague "dozens" is not scored
    assert result["counts"]["place_precision"] == 7


def test_a_gold_that_says_otherwise_scores_below_one_where_it_differs(warehouse, tmp_path, capsys):
    gold = json.loads(json.dumps(CODED))
    gold["casualties"][0]["count_low"] = 40  # the headline figure read wrong
    gold["quotes"].append({"speaker": "Sergei Lavrov", "text_starts": "The strikes must stop"})
    gold["places"].append({"name": "Palmyra", "place_type": "city", "latitude": 34.56, "longitude": 38.27})
    gold["primary_event"].update(event_type="Battles", sub_event_type="Armed clash")
    absent = dict(CODED, file="not_in_the_warehouse.txt")
    code, result = score(warehouse, [gold, absent], tmp_path, capsys, "--min", "casualty_recall=0.9")
    m = result["metrics"]
    assert code == 1 and result["below"] == ["casualty_recall=0.857<0.9"]
    assert m["coverage"] == 0.5
    assert m["casualty_recall"] == m["casualty_precision"] == round(6 / 7, 3)
    assert m["quote_recall"] == 0.75 and m["quote_precision"] == 1.0
    assert m["place_recall"] == round(7 / 8, 3) and m["place_precision"] == 1.0
    assert m["primary_event_type"] == m["primary_sub_event_type"] == 0.0
    assert m["primary_place"] == m["primary_killed_best"] == 1.0
    assert (
        accuracy.main(
            [
                "--warehouse",
                warehouse,
                "--gold",
                str(tmp_path / "gold.jsonl"),
                "--min",
                "casualty_recall=0.85",
                "--min",
                "no_such_metric=0.1",
            ]
        )
        == 1
    )
    assert "BELOW: no_such_metric not measured" in capsys.readouterr().out


def test_fakes_labels_are_scored_per_article(warehouse, tmp_path, capsys):
    label = {
        "file": SEED_FILE,
        "events": [
            {
                "date": "2017-01-14",
                "governorate": "Deir ez-Zor",
                "cause_of_death": "shelling",
                "actor": "the organization of the islamic state in iraq and the levant - isis",
                "killed_total": 30,
                "killed_civilians": 0,
                "killed_noncivilians": 0,
            }
        ],
    }
    code, result = score(warehouse, [label], tmp_path, capsys)
    m = result["metrics"]
    assert code == 0 and result["gold"] == "fakes"
    for metric in (
        "coverage",
        "killed_found",
        "killed_best_exact",
        "killed_bracketed",
        "governorate_primary",
        "governorate_mentioned",
        "cause_to_sub_event",
        "perpetrator_class",
    ):
        assert m[metric] == 1.0, metric
    # no year in the text and no dateline: sitrep leaves both dates empty, and they miss the label
    assert m["event_date_within_3d"] == m["published_on_within_1d"] == 0.0


def test_world_labels_are_scored_overall_and_per_source(warehouse, tmp_path, capsys):
    found = {
        "id": SEED.stem,
        "source": "gtd",
        "country": "Syria",
        "iso3": None,
        "admin1": "Deir ez-Zor",
        "lat": 35.34,
        "lon": 40.14,
        "date": "2017-01-14",
        "killed": 30,
        "wounded": 9,
        "event_type": None,
        "actor1": "Islamic State of Iraq and the Levant (ISIL)",
    }
    missing = dict(found, id="acled_0", source="acled")
    code, result = score(warehouse, [found, missing], tmp_path, capsys)
    m = result["metrics"]
    assert code == 0 and result["gold"] == "world"
    for metric in (
        "country",
        "admin1",
        "admin1_mentioned",
        "place_50km",
        "killed_found",
        "wounded_found",
        "killed_best_exact",
        "actor1",
    ):
        assert m[f"gtd.{metric}"] == 1.0, metric
    assert "gtd.event_date" not in m  # the GTD's dates are publication dates
    assert m["acled.coverage"] == 0.0 and m["coverage"] == 0.5


def test_the_readme_seed_claim_every_metric_one_against_the_shipped_seed_gold(warehouse, capsys):
    code = accuracy.main(["--warehouse", warehouse, "--gold", str(ROOT / "bench" / "seed_gold.json"), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["metrics"]["casualty_f1"] == 1.0
    assert {m: v for m, v in result["metrics"].items() if v != 1.0} == {}
