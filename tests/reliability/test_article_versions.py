"""An article is its source: a file, a row of a table with an id, a page. An edited file re-run
replaces its article (one article per file, the new figures, incidents remade, the old version
in article_history); `sitrep forget PATH|ID` takes articles out. Through the real `sitrep`
command, in this process, into real DuckDB files; the articles are written here (not news)."""

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from sitrep.cli import main as sitrep
from sitrep.load import warehouse as wh
from tests.conftest import ROOT
from tests.reliability.conftest import checksums, query

TAIZ_REUTERS = (
    "Coalition air strike kills {n} at Taiz market\n"
    "Published March 14 2023 - Taiz (Reuters) An air strike by the Saudi-led coalition hit a "
    "market in the city of Taiz on Tuesday, killing {n} civilians, medics said.\n"
)
TAIZ_AFP = (
    "Twelve dead as coalition jets bomb Taiz market\n"
    "Published March 14 2023 - Taiz (AFP) Twelve people were killed on Tuesday when Saudi-led "
    "coalition jets bombed a market in Taiz, a health official said.\n"
)
SAADA = (
    "Coalition air strike kills {word} in Saada\n"
    "Published August 9 2023 - Saada (Reuters) A Saudi-led coalition air strike killed {word} people "
    "in Saada city on Wednesday, the health ministry said.\n"
)
HOMS = "An air strike killed {n} civilians in Homs on Saturday, the Syrian Observatory for Human Rights said."
HAMA = "Shelling killed {n} people in Hama on Sunday, rescue workers said."

CHILD_TABLES = ("sentences", "actor_mentions", "place_mentions", "events", "casualties", "quotes", "date_mentions")


def _run(inbox, warehouse, capsys) -> str:
    assert sitrep(["run", "--input", str(inbox), "--warehouse", str(warehouse), "--quiet"]) in (0, 1)
    return capsys.readouterr().out


def _write(path, text) -> None:
    """Write an edit with a new modification time, however fast the test (the fast path for
    unchanged files compares size and mtime)."""
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), max(time.time_ns(), old + 1_000_000)))


def _primary(warehouse, path) -> dict:
    with_cols = query(
        warehouse,
        "SELECT a.article_id, s.killed_best, e.incident_id, e.event_id FROM articles a "
        "JOIN article_summary s USING (article_id) LEFT JOIN events e ON e.event_id = s.event_id "
        "WHERE a.source_uri = ?",
        [str(path)],
    )
    assert len(with_cols) == 1, with_cols  # one article per file
    article_id, killed_best, incident_id, event_id = with_cols[0]
    return dict(article_id=article_id, killed_best=killed_best, incident_id=incident_id, event_id=event_id)


def _incident(warehouse, incident_id) -> dict:
    cols = ("incident_id", "n_events", "n_articles", "n_sources", "killed_low", "killed_best", "killed_high")
    rows = query(warehouse, f"SELECT {', '.join(cols)} FROM incidents WHERE incident_id = ?", [incident_id])
    return dict(zip(cols, rows[0], strict=False)) if rows else {}


def assert_consistent(warehouse) -> None:
    """No row of an article the warehouse does not hold; every event in an incident that exists;
    every incident with events, counting them as they are; the last run's checks all pass."""
    orphans = {
        t: query(warehouse, f"SELECT count(*) FROM {t} ANTI JOIN articles USING (article_id)")[0][0]
        for t in CHILD_TABLES
    }
    assert not any(orphans.values()), orphans
    assert query(
        warehouse,
        "SELECT count(*) FROM events WHERE incident_id IS NULL "
        "OR incident_id NOT IN (SELECT incident_id FROM incidents)",
    ) == [(0,)]
    assert query(warehouse, "SELECT count(*) FROM incidents i ANTI JOIN events e USING (incident_id)") == [(0,)]
    assert query(warehouse, "SELECT count(*) FROM incident_tallies ANTI JOIN incidents USING (incident_id)") == [(0,)]
    assert query(warehouse, "SELECT incident_id, count(*) FROM incidents GROUP BY ALL HAVING count(*) > 1") == []
    assert (
        query(
            warehouse,
            """
        SELECT i.incident_id FROM incidents i
        JOIN (SELECT incident_id, count(*) AS n_events, count(DISTINCT article_id) AS n_articles
              FROM events GROUP BY incident_id) e USING (incident_id)
        WHERE i.n_events <> e.n_events OR i.n_articles <> e.n_articles""",
        )
        == []
    )
    failing = query(
        warehouse,
        "SELECT check_name, failures FROM quality_checks WHERE failures > 0 AND run_id = "
        "(SELECT run_id FROM pipeline_runs ORDER BY started_at DESC LIMIT 1)",
    )
    assert failing == []


def _history(warehouse) -> list[tuple]:
    return query(
        warehouse,
        "SELECT article_id, source_uri, removed, replaced_by_article_id, coded "
        "FROM article_history ORDER BY removed_at",
    )


# --- an edited file ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edited(tmp_path_factory, prefect_server):
    """Three articles (two outlets on one Taiz strike, one Saada strike), coded; then the Saada
    toll corrected from seven to nine and Reuters' Taiz toll from 12 to 14, and re-run; then run
    once more, unchanged."""
    root = tmp_path_factory.mktemp("edited")
    inbox = root / "inbox"
    inbox.mkdir()
    warehouse = root / "sitrep.duckdb"
    reuters, afp, saada = inbox / "taiz_reuters.txt", inbox / "taiz_afp.txt", inbox / "saada.txt"
    _write(reuters, TAIZ_REUTERS.format(n=12))
    _write(afp, TAIZ_AFP)
    _write(saada, SAADA.format(word="seven"))
    assert sitrep(["run", "--input", str(inbox), "--warehouse", str(warehouse), "--quiet"]) == 0
    before = {name: _primary(warehouse, p) for name, p in (("reuters", reuters), ("afp", afp), ("saada", saada))}
    taiz_before = _incident(warehouse, before["afp"]["incident_id"])
    _write(saada, SAADA.format(word="nine"))
    _write(reuters, TAIZ_REUTERS.format(n=14))
    return dict(
        root=root,
        inbox=inbox,
        warehouse=warehouse,
        files=dict(reuters=reuters, afp=afp, saada=saada),
        before=before,
        taiz_before=taiz_before,
    )


@pytest.fixture(scope="module")
def rerun(edited):
    out = _capture(
        lambda: sitrep(["run", "--input", str(edited["inbox"]), "--warehouse", str(edited["warehouse"]), "--quiet"])
    )
    after = {name: _primary(edited["warehouse"], p) for name, p in edited["files"].items()}
    return dict(edited, out=out, after=after)


def _capture(call) -> str:
    """stdout of an in-process `sitrep` (a module fixture has no capsys)."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert call() == 0
    return buffer.getvalue()


def test_an_edited_file_is_still_one_article_with_its_new_figures(rerun):
    before, after = rerun["before"], rerun["after"]
    assert (before["saada"]["killed_best"], after["saada"]["killed_best"]) == (7, 9)
    assert after["reuters"]["killed_best"] == 14
    assert after["afp"] == before["afp"] | {"incident_id": after["afp"]["incident_id"]}  # untouched
    assert query(rerun["warehouse"], "SELECT count(*) FROM articles") == [(3,)]
    assert "2 new (2 of them new versions that replaced an earlier one), 1 unchanged" in rerun["out"]
    assert query(
        rerun["warehouse"],
        "SELECT articles_new, articles_replaced, status FROM pipeline_runs ORDER BY started_at DESC LIMIT 1",
    ) == [(2, 2, "completed")]


def test_the_old_version_is_kept_in_history_with_what_it_coded(rerun):
    before, after, files = rerun["before"], rerun["after"], rerun["files"]
    history = {r[0]: r for r in _history(rerun["warehouse"])}
    assert set(history) == {before["saada"]["article_id"], before["reuters"]["article_id"]}
    old = history[before["saada"]["article_id"]]
    assert old[1:4] == (str(files["saada"]), "replaced", after["saada"]["article_id"])
    coded = json.loads(old[4])
    # "in Saada city": the city (GeoNames spells it Sa'dah), not the governorate of its name
    assert coded["primary_event"]["killed_best"] == 7 and coded["primary_event"]["place"] == "Sa'dah"
    assert coded["rows"]["events"] >= 1 and coded["incidents"] == [before["saada"]["incident_id"]]
    text = query(
        rerun["warehouse"], "SELECT text FROM article_history WHERE article_id = ?", [before["saada"]["article_id"]]
    )[0][0]
    assert "killed seven people" in text


def test_no_row_of_the_old_versions_is_left_and_every_check_passes(rerun):
    warehouse = rerun["warehouse"]
    old_ids = [rerun["before"][n]["article_id"] for n in ("saada", "reuters")]
    for table in ("articles", *CHILD_TABLES):
        assert query(warehouse, f"SELECT count(*) FROM {table} WHERE article_id IN (?, ?)", old_ids) == [(0,)], table
    assert_consistent(warehouse)


def test_incidents_follow_the_new_versions(rerun):
    warehouse, before, after = rerun["warehouse"], rerun["before"], rerun["after"]
    # the Saada strike had one report: its incident went with it, the new version founded its own
    assert _incident(warehouse, before["saada"]["incident_id"]) == {}
    saada = _incident(warehouse, after["saada"]["incident_id"])
    assert (saada["n_articles"], saada["killed_low"], saada["killed_best"], saada["killed_high"]) == (1, 9, 9, 9)
    # the Taiz strike keeps its id and both outlets, its figures now 12 and 14
    taiz = _incident(warehouse, after["afp"]["incident_id"])
    assert after["afp"]["incident_id"] == rerun["taiz_before"]["incident_id"] == after["reuters"]["incident_id"]
    assert (rerun["taiz_before"]["killed_low"], rerun["taiz_before"]["killed_high"]) == (12, 12)
    assert (taiz["n_articles"], taiz["n_sources"], taiz["killed_low"], taiz["killed_high"]) == (2, 2, 12, 14)


def test_rerunning_unchanged_inputs_changes_nothing(rerun):
    warehouse = rerun["warehouse"]
    before = (
        checksums(warehouse),
        _history(warehouse),
        query(warehouse, "SELECT * EXCLUDE (updated_run_id) FROM incidents ORDER BY ALL"),
    )
    out = _capture(lambda: sitrep(["run", "--input", str(rerun["inbox"]), "--warehouse", str(warehouse), "--quiet"]))
    assert "3 articles read, 0 new, 3 unchanged" in out
    after = (
        checksums(warehouse),
        _history(warehouse),
        query(warehouse, "SELECT * EXCLUDE (updated_run_id) FROM incidents ORDER BY ALL"),
    )
    assert after == before


def test_the_changes_report_shows_old_beside_new(rerun):
    out = _capture(
        lambda: sitrep(["report", "article_changes", "--warehouse", str(rerun["warehouse"]), "--format", "json"])
    )
    rows = {r["source_uri"]: r for r in json.loads(out)}
    saada = rows[str(rerun["files"]["saada"])]
    assert (saada["removed"], saada["old_killed_best"], saada["new_killed_best"]) == ("replaced", 7, 9)


def test_copies_under_two_names_stay_two_articles(tmp_path, prefect_server):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox / "saada.txt", SAADA.format(word="seven"))
    _write(inbox / "saada_copy.txt", SAADA.format(word="seven"))
    warehouse = tmp_path / "w.duckdb"
    assert sitrep(["run", "--input", str(inbox), "--warehouse", str(warehouse), "--quiet"]) == 0
    _write(inbox / "saada_copy.txt", SAADA.format(word="nine"))
    assert sitrep(["run", "--input", str(inbox), "--warehouse", str(warehouse), "--quiet"]) == 0
    assert sorted(query(warehouse, "SELECT source_uri, killed_best FROM article_summary")) == [
        (str(inbox / "saada.txt"), 7),
        (str(inbox / "saada_copy.txt"), 9),
    ]
    assert query(warehouse, "SELECT source_uri FROM article_history") == [(str(inbox / "saada_copy.txt"),)]
    assert_consistent(warehouse)


# --- tables ----------------------------------------------------------------------------------


def _table(path, rows: list[tuple[str, str, str]]) -> None:
    _write(path, "id,title,text\n" + "".join(f'{i},{t},"{x}"\n' for i, t, x in rows))


def test_a_table_row_with_an_id_is_one_article_and_one_without_is_not_matched(tmp_path, prefect_server):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    wire, notes = inbox / "wire.csv", inbox / "notes.jsonl"
    _table(wire, [("w1", "Strike on Homs", HOMS.format(n=4)), ("w2", "Shelling of Hama", HAMA.format(n=11))])
    _write(notes, json.dumps({"title": "Shelling of Hama", "text": HAMA.format(n=5)}) + "\n")
    warehouse = tmp_path / "w.duckdb"
    assert sitrep(["run", "--input", str(inbox), "--warehouse", str(warehouse), "--quiet"]) == 0
    w1 = query(warehouse, "SELECT article_id FROM articles WHERE source_uri = ?", [f"{wire}#w1"])
    old_w2 = query(warehouse, "SELECT article_id FROM articles WHERE source_uri = ?", [f"{wire}#w2"])[0][0]

    _table(wire, [("w1", "Strike on Homs", HOMS.format(n=4)), ("w2", "Shelling of Hama", HAMA.format(n=13))])
    _write(notes, json.dumps({"title": "Shelling of Hama", "text": HAMA.format(n=6)}) + "\n")
    assert sitrep(["run", "--input", str(inbox), "--warehouse", str(warehouse), "--quiet"]) == 0

    assert query(warehouse, "SELECT killed_best FROM article_summary WHERE source_uri = ?", [f"{wire}#w2"]) == [(13,)]
    assert query(warehouse, "SELECT article_id FROM articles WHERE source_uri = ?", [f"{wire}#w1"]) == w1
    assert query(warehouse, "SELECT article_id, removed FROM article_history") == [(old_w2, "replaced")]
    # a row without an id is known only by its number, which other rows shift: not matched, so
    # its new text is an article beside the old one (`sitrep forget` removes the old)
    assert sorted(query(warehouse, "SELECT killed_best FROM article_summary WHERE source_uri = ?", [f"{notes}#1"])) == [
        (5,),
        (6,),
    ]
    assert_consistent(warehouse)


def test_rows_of_one_table_with_one_id_are_one_article(tmp_path, prefect_server):
    """Two rows with one id and different texts: the first is coded, the other quarantined, on
    every run (were the second a new version, each re-read would swap them)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    wire = inbox / "wire.csv"
    _table(
        wire,
        [
            ("w1", "Strike on Homs", HOMS.format(n=4)),
            ("w1", "Strike on Homs", HOMS.format(n=8)),
            ("w2", "Shelling of Hama", HAMA.format(n=11)),
            ("w2", "Shelling of Hama", HAMA.format(n=11)),
        ],
    )
    warehouse = tmp_path / "w.duckdb"
    for _ in range(2):
        assert sitrep(["run", "--input", str(inbox), "--warehouse", str(warehouse), "--quiet"]) == 0
        assert sorted(query(warehouse, "SELECT source_uri, killed_best FROM article_summary")) == [
            (f"{wire}#w1", 4),
            (f"{wire}#w2", 11),
        ]
        assert query(warehouse, "SELECT source_uri, reason FROM quarantine") == [(f"{wire}#w1", "duplicate_id")]
    assert query(warehouse, "SELECT count(*) FROM article_history") == [(0,)]


# --- sitrep forget ---------------------------------------------------------------------------


@pytest.fixture
def coded(tmp_path, prefect_server):
    """The Taiz and Saada articles, and two more in a subfolder."""
    inbox = tmp_path / "inbox"
    (inbox / "2019").mkdir(parents=True)
    files = dict(
        reuters=inbox / "taiz_reuters.txt",
        afp=inbox / "taiz_afp.txt",
        saada=inbox / "saada.txt",
        homs=inbox / "2019" / "homs.txt",
        hama=inbox / "2019" / "hama.txt",
    )
    _write(files["reuters"], TAIZ_REUTERS.format(n=12))
    _write(files["afp"], TAIZ_AFP)
    _write(files["saada"], SAADA.format(word="seven"))
    _write(files["homs"], "Strike on Homs\n" + HOMS.format(n=4) + "\n")
    _write(files["hama"], "Shelling of Hama\n" + HAMA.format(n=11) + "\n")
    warehouse = tmp_path / "w.duckdb"
    assert sitrep(["run", "--input", str(inbox), "--warehouse", str(warehouse), "--quiet"]) == 0
    return dict(
        inbox=inbox,
        files=files,
        warehouse=warehouse,
        primary={name: _primary(warehouse, p) for name, p in files.items()},
    )


def test_forget_a_file_removes_its_article_and_every_row_and_says_so(coded, capsys):
    warehouse, files, primary = coded["warehouse"], coded["files"], coded["primary"]
    capsys.readouterr()
    files["reuters"].unlink()  # deleting the file leaves its article where it is
    assert sitrep(["run", "--input", str(coded["inbox"]), "--warehouse", str(warehouse), "--quiet"]) == 0
    assert query(warehouse, "SELECT count(*) FROM articles") == [(5,)]
    capsys.readouterr()

    assert sitrep(["forget", str(files["reuters"]), "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out.splitlines()
    gone = primary["reuters"]["article_id"]
    assert out[0] == f"sitrep forget: removed 1 article from {warehouse} (kept in article_history)"
    assert out[1] == f"  {gone}  {files['reuters']}  Coalition air strike kills 12 at Taiz market"
    rows = dict(part.rsplit(" ", 1) for part in out[2].removeprefix("rows: ").split(", "))
    assert rows["articles"] == "1" and int(rows["events"]) >= 1 and int(rows["sentences"]) >= 2
    assert out[3] == "incidents: 0 deleted (no report left), 1 recounted from the reports they keep"
    assert not any(line.startswith("note:") for line in out)  # its file is gone
    for table in ("articles", *CHILD_TABLES):
        assert query(warehouse, f"SELECT count(*) FROM {table} WHERE article_id = ?", [gone]) == [(0,)], table
    assert (
        int(rows["events"]) == json.loads(query(warehouse, "SELECT coded FROM article_history")[0][0])["rows"]["events"]
    )
    assert query(
        warehouse, "SELECT removed, replaced_by_article_id FROM article_history WHERE article_id = ?", [gone]
    ) == [("forgotten", None)]
    # the strike keeps its incident, and its id, with the other outlet's report alone
    taiz = _incident(warehouse, primary["afp"]["incident_id"])
    assert (taiz["n_articles"], taiz["n_sources"], taiz["killed_best"]) == (1, 1, 12)
    assert_consistent(warehouse)


def test_forget_by_id_and_a_folder(coded, capsys, monkeypatch):
    warehouse, files, primary = coded["warehouse"], coded["files"], coded["primary"]
    saada = primary["saada"]
    capsys.readouterr()
    assert sitrep(["forget", saada["article_id"], "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert f"  {saada['article_id']}  {files['saada']}  Coalition air strike kills seven in Saada" in out
    assert "incidents: 1 deleted (no report left), 0 recounted" in out
    assert (
        f"note: still there, so a run that reads them codes them again (move or delete them first): {files['saada']}"
        in out
    )
    assert _incident(warehouse, saada["incident_id"]) == {}

    monkeypatch.chdir(coded["inbox"].parent)  # a folder, by a relative path
    assert sitrep(["forget", "inbox/2019/", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"sitrep forget: removed 2 articles from {warehouse}")
    assert str(files["homs"]) in out and str(files["hama"]) in out
    assert sorted(r[0] for r in query(warehouse, "SELECT source_uri FROM articles")) == [
        str(files["afp"]),
        str(files["reuters"]),
    ]
    assert query(warehouse, "SELECT count(*) FROM article_history WHERE removed = 'forgotten'") == [(3,)]
    assert_consistent(warehouse)


def test_a_forgotten_file_still_in_the_inbox_comes_back_with_the_next_run(coded, capsys):
    warehouse, files = coded["warehouse"], coded["files"]
    assert sitrep(["forget", str(files["hama"]), "--warehouse", str(warehouse)]) == 0
    capsys.readouterr()
    out = _run(coded["inbox"], warehouse, capsys)
    assert "5 articles read, 1 new, 4 unchanged" in out
    assert query(warehouse, "SELECT count(*) FROM articles WHERE source_uri = ?", [str(files["hama"])]) == [(1,)]


def test_forget_of_an_unknown_article_is_a_clear_error_and_changes_nothing(coded, capsys):
    warehouse, files = coded["warehouse"], coded["files"]
    before = checksums(warehouse)
    capsys.readouterr()
    assert sitrep(["forget", str(files["homs"]), "no/such/file.txt", "--warehouse", str(warehouse)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        f"sitrep: error: nothing in {warehouse} matches 'no/such/file.txt' (give an article_id, a "
        "source_uri, or a file or folder as sitrep run read it); nothing was forgotten"
    )
    assert checksums(warehouse) == before  # not even the article that was found
    assert sitrep(["forget", "x", "--warehouse", str(warehouse.with_name("none.duckdb"))]) == 1
    assert "no warehouse at" in capsys.readouterr().err
    assert not warehouse.with_name("none.duckdb").exists()


def test_forget_dry_run_says_what_it_would_remove_and_changes_nothing(coded, capsys):
    warehouse, files = coded["warehouse"], coded["files"]
    before = checksums(warehouse), query(warehouse, "SELECT * FROM incidents ORDER BY ALL")
    capsys.readouterr()
    assert sitrep(["forget", str(files["afp"]), "--warehouse", str(warehouse), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"sitrep forget --dry-run: would remove 1 article from {warehouse} (nothing changed)")
    assert (checksums(warehouse), query(warehouse, "SELECT * FROM incidents ORDER BY ALL")) == before
    assert query(warehouse, "SELECT count(*) FROM article_history") == [(0,)]


def test_forget_waits_for_no_run_it_fails_while_one_writes(coded, capsys):
    warehouse, files = coded["warehouse"], coded["files"]
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom sitrep.load.lock import writer_lock\n"
            "with writer_lock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(60)",
            str(warehouse),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = checksums(warehouse)
        capsys.readouterr()
        assert sitrep(["forget", str(files["afp"]), "--warehouse", str(warehouse)]) == 1
        assert "is being written by another sitrep run (pid" in capsys.readouterr().err
        assert checksums(warehouse) == before
    finally:
        holder.kill()
        holder.wait()


# --- a warehouse from before versions ------------------------------------------------------------


def test_articles_loaded_before_versions_are_replaced_by_the_path_they_were_given(
    tmp_path, prefect_server, monkeypatch, capsys
):
    """A warehouse of migration 008 kept the path as it was given (here relative): its article
    is still replaced when its file changes, and its table rows keep their identity."""
    older = tmp_path / "migrations_008"
    older.mkdir()
    for version, path in wh.migrations():
        if version <= 8:
            shutil.copy(path, older)
    warehouse = tmp_path / "old.duckdb"
    with wh.connect(warehouse) as con:
        wh.migrate(con, older)
        con.execute(
            "INSERT INTO articles (article_id, source_uri, title, text, ingested_at, external_id) VALUES "
            "('0ld0000000000001', 'inbox/saada.txt', 'Old', 'Old\nSeven were killed.', now(), NULL), "
            "('0ld0000000000002', 'inbox/t.csv#3', 'Row', 'Row\nText.', now(), NULL), "
            "('0ld0000000000003', 'inbox/t.csv#c1', 'Id', 'Id\nText.', now(), 'c1')"
        )
    with wh.connect(warehouse) as con:
        wh.migrate(con)
        assert sorted(con.execute("SELECT source_uri, source_path, source_key FROM articles").fetchall()) == [
            ("inbox/saada.txt", "inbox/saada.txt", "inbox/saada.txt"),
            ("inbox/t.csv#3", "inbox/t.csv", None),
            ("inbox/t.csv#c1", "inbox/t.csv", "inbox/t.csv#c1"),
        ]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inbox").mkdir()
    _write(tmp_path / "inbox" / "saada.txt", SAADA.format(word="nine"))
    assert sitrep(["run", "--input", "inbox", "--warehouse", str(warehouse), "--quiet"]) == 0
    assert "1 of them new versions that replaced an earlier one" in capsys.readouterr().out
    assert query(warehouse, "SELECT source_uri, source_key FROM articles WHERE title LIKE 'Coalition%'") == [
        ("inbox/saada.txt", str(tmp_path / "inbox" / "saada.txt"))
    ]
    assert query(warehouse, "SELECT article_id, removed FROM article_history") == [("0ld0000000000001", "replaced")]
    assert sitrep(["forget", "inbox/t.csv", "--warehouse", str(warehouse)]) == 0  # both rows of the table
    assert "removed 2 articles" in capsys.readouterr().out
