"""`sitrep show ARTICLE` on a warehouse coded by a real run: how ARTICLE resolves, what the text
and JSON say of an article, and that nothing from an article's file commands the terminal."""

import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys

import pytest

from sitrep.cli import main as sitrep
from tests.conftest import FIXTURES, ROOT, SEED

# Escape sequences, BEL, the C1 CSI and the bidi overrides: none may reach a terminal from an
# article (the only escapes allowed are the colours sitrep itself asks for, in a terminal).
HOSTILE = re.compile(r"[\x1b\x07\x9b\u202a-\u202e\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
WIRE_URL = "https://news.example.org/2024/05/shelling-kills-four?ref=feed"
HOSTILE_FILE = "report\x1b]0;pwned\x07\x1b[2J.txt"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_server):
    inbox = tmp_path_factory.mktemp("inbox")
    shutil.copy(SEED, inbox)
    for f in [*(FIXTURES / "fakes").glob("*.txt"), *(FIXTURES / "incidents").glob("b*_toll_day*.txt")]:
        shutil.copy(f, inbox)
    # An article whose file name, title and text try to command the terminal, and a wire row
    # (with a URL) whose publisher does.
    (inbox / HOSTILE_FILE).write_text(
        "Gunmen kill five in Hama \x1b[2J\x1b]0;owned\x07 attack\n"
        "Gunmen killed five civilians in Hama on Thursday, the Syrian Observatory for Human Rights "
        "said. \u202eLIAM [bold red]not markup[/bold red] \x9b31m\n"
        '"We will not \x1b[31mstop\x1b[0m," said Abu Ahmed.\n',
        encoding="utf-8",
    )
    (inbox / "wire.jsonl").write_text(
        json.dumps(
            {
                "id": "w1",
                "url": WIRE_URL,
                "title": "Shelling kills four in Idlib",
                "date": "2024-05-02",
                "publisher": "\x1b]0;pwned\x07Evil Wire\u202e",
                "text": "Shelling killed four civilians in Idlib on Thursday, the Syrian Observatory for "
                "Human Rights said. The shells hit a market.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    path = tmp_path_factory.mktemp("wh") / "sitrep.duckdb"
    assert sitrep(["run", "--input", str(inbox), "--warehouse", str(path), "--quiet"]) == 0
    return path


def show(warehouse, capsys, *args):
    code = sitrep(["show", *args, "--warehouse", str(warehouse)])
    out, err = capsys.readouterr()
    return code, out, err


def record(warehouse, capsys, article) -> dict:
    code, out, err = show(warehouse, capsys, article, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def seed_id(warehouse, capsys) -> str:
    return record(warehouse, capsys, SEED.name)["article"]["article_id"]


@pytest.mark.parametrize(
    "article, rule",
    [
        (SEED.name, "file name"),
        (SEED.stem, "file name"),
        ("biggest ATTACK in syria", "title"),
    ],
)
def test_the_seed_is_found_by_file_name_and_title_fragment(warehouse, capsys, article, rule):
    found = record(warehouse, capsys, article)["article"]
    assert found["title"].startswith("At least 30 dead in Deir ez-Zour")
    assert found["matched_by"] == rule


def test_an_id_and_a_source_uri_name_the_article_exactly(warehouse, capsys):
    article_id = seed_id(warehouse, capsys)
    by_id = record(warehouse, capsys, article_id)["article"]
    assert (by_id["article_id"], by_id["matched_by"]) == (article_id, "article_id")
    by_source = record(warehouse, capsys, by_id["source_uri"])["article"]
    assert (by_source["article_id"], by_source["matched_by"]) == (article_id, "source_uri or url")


@pytest.mark.parametrize("article", [WIRE_URL, "wire.jsonl#w1", "wire#w1", "wire.jsonl"])
def test_a_wire_row_is_found_by_its_url_and_file_name(warehouse, capsys, article):
    found = record(warehouse, capsys, article)["article"]
    assert found["title"] == "Shelling kills four in Idlib" and found["url"] == WIRE_URL


def test_several_matches_are_listed_and_exit_2(warehouse, capsys):
    code, out, err = show(warehouse, capsys, "mogadishu")
    assert code == 2 and out == ""
    assert "3 articles match 'mogadishu' by title" in err
    listed = [line for line in err.splitlines() if line.startswith("  ")]
    assert len(listed) == 3
    assert any("Car bomb kills eight in Mogadishu" in line and "b1_toll_day1.txt" in line for line in listed)
    article_id = listed[0].split()[0]
    assert record(warehouse, capsys, article_id)["article"]["article_id"] == article_id


@pytest.mark.parametrize("article", ["no such story anywhere", "   "])
def test_no_match_is_a_clear_error(warehouse, capsys, article):
    code, out, err = show(warehouse, capsys, article)
    assert code == 1 and out == ""
    assert err.startswith("sitrep: error:") and ("no article matches" in err or "name an article" in err)


def test_text_gives_each_figure_its_source_and_words(warehouse, capsys):
    code, out, _ = show(warehouse, capsys, SEED.name)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "At least 30 dead in Deir ez-Zour after Isis launches biggest attack in Syria for months"
    assert "  country   Syria (SY), of the primary event's place" in lines

    def words_after(marker: str) -> str:
        [i] = [n for n, line in enumerate(lines) if marker in line]
        return lines[i + 1].strip()

    assert words_after("killed 3 exact") == '"Three people were killed"'
    assert "reported by SANA" in next(line for line in lines if "killed 3 exact" in line)
    assert words_after("killed 20 exact") == '"20 IS terrorists were killed"'
    assert "reported by Syrian Observatory for Human Rights" in next(
        line for line in lines if "killed 20 exact" in line
    )
    assert words_after("killed 62 exact") == '"62 Syrian soldiers"'

    primary = out[out.index("Primary event") : out.index("Other events")]
    assert "Explosions/Remote violence / Shelling/artillery/missile attack" in primary
    assert "place     Deir ez-Zor (city), admin1 Deir ez-Zor, country Syria (SY)" in primary
    assert "actor1 Islamic State" in primary and "best 30" in primary
    assert 'unresolved "Saturday (14 January)" (date_source text)' in primary
    assert '"Daesh" (s1, s4)' in out  # the words that named an actor
    assert "Bashar al-Assad, sentence 12:" in out and "premeditated attack" in out
    assert "[6] In the fighting that ensued" in out  # the sentences, numbered
    assert not HOSTILE.search(out)


def test_json_has_every_section_with_offsets_that_give_back_the_words(warehouse, capsys):
    r = record(warehouse, capsys, SEED.name)
    assert list(r) == [
        "article",
        "primary_event",
        "other_events",
        "casualties",
        "places",
        "actors",
        "quotes",
        "dates",
        "sentences",
    ]
    text = r["article"]["text"]
    assert r["primary_event"]["is_primary"] and not any(e["is_primary"] for e in r["other_events"])
    assert r["primary_event"]["actor1"] == "Islamic State" and r["primary_event"]["killed_best"] in (30, 32)
    e = r["primary_event"]
    assert text[e["date_char_start"] : e["date_char_end"]] == e["date_text"] == "Saturday (14 January)"
    assert {(c["outcome"], c["count_low"], c["reported_by"]) for c in r["casualties"]} >= {
        ("killed", 3, "SANA"),
        ("wounded", 9, "SANA"),
        ("killed", 20, "Syrian Observatory for Human Rights"),
    }
    for row in [e, *r["other_events"], *r["casualties"]]:
        assert text[row["char_start"] : row["char_end"]] == row["words"]
    for row in [*r["places"], *r["actors"]]:
        assert row["mentions"] and all(text[m["char_start"] : m["char_end"]] == m["surface"] for m in row["mentions"])
    assert all(text[q["char_start"] : q["char_end"]] == q["text"] for q in r["quotes"])
    assert all(text[d["char_start"] : d["char_end"]] == d["surface"] for d in r["dates"])
    deir = next(p for p in r["places"] if p["place_id"] == e["place_id"])
    assert (deir["admin1"], deir["country_code"]) == ("Deir ez-Zor", "SY")


def test_the_primary_event_says_how_many_articles_report_its_incident(warehouse, capsys):
    r = record(warehouse, capsys, "b3_toll_day3")
    assert r["primary_event"]["incident_articles"] == 3
    _code, out, _ = show(warehouse, capsys, "b3_toll_day3")
    assert "reported by 3 articles from 3 sources" in out


def test_nothing_from_a_hostile_article_reaches_a_pipe(warehouse, capsys):
    for article in ("Gunmen kill five", WIRE_URL):
        code, out, _ = show(warehouse, capsys, article)
        assert code == 0 and not HOSTILE.search(out), out
    code, out, _ = show(warehouse, capsys, "Gunmen kill five")
    assert "source    " in out and "report.txt" in out  # the file name, defused
    assert "[bold red]not markup[/bold red]" in out  # rich read no markup in it
    code, out, _ = show(warehouse, capsys, WIRE_URL)
    assert "  publisher Evil Wire" in out.splitlines()
    code, out, _ = show(warehouse, capsys, WIRE_URL, "--format", "json")
    assert not HOSTILE.search(out)  # JSON escapes, values intact:
    assert json.loads(out)["article"]["publisher"] == "\x1b]0;pwned\x07Evil Wire\u202e"


def _on_a_terminal(warehouse, article: str) -> str:
    """`sitrep show` as a process whose standard output is a terminal (a pseudo-terminal)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="250")
    main_end, child_end = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "show", article, "--warehouse", str(warehouse)],
        stdout=child_end,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    os.close(child_end)
    chunks = []
    while True:
        try:
            data = os.read(main_end, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main_end)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    return b"".join(chunks).decode("utf-8")


def test_a_terminal_sees_the_spans_in_colour_and_no_escape_from_the_article(warehouse):
    out = _on_a_terminal(warehouse, "Gunmen kill five")
    assert "\x1b[1;31mfive civilians\x1b[0m" in out  # a casualty figure, in red
    assert "\x1b[32mHama\x1b[0m" in out  # a place, in green
    assert "\x1b[35mThursday\x1b[0m" in out  # a date
    assert not HOSTILE.search(SGR.sub("", out)), SGR.sub("", out)  # only sitrep's own colours


def test_a_reader_that_leaves_ends_the_command_quietly(warehouse):
    """`sitrep show ... | head`: the process ends at its next write, with no error (it may not
    open /dev/null, as rich would on a broken pipe: read commands give up writing files)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "show", SEED.name, "--warehouse", str(warehouse)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGPIPE and err == b""


def test_the_timeout_stops_the_reading(warehouse, capsys):
    code, out, err = show(warehouse, capsys, SEED.name, "--timeout", "0.000001")
    assert code == 1 and out == "" and "stopped after" in err
