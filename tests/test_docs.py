"""The documentation covers what the project has, as sqlite-utils' tests check its own docs:
every table, view and column of a fresh warehouse is in docs/warehouse.md (under its table,
with its type), every `sitrep` command and option is in README.md or docs/*.md, every report
is in README's list and every quality check in the codebook's, and every citation of the
docs names a section that exists."""

import argparse
import re
from functools import cache
from pathlib import Path

import duckdb
import pytest

from sitrep.cli import _parser
from sitrep.load import warehouse as wh

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
WAREHOUSE_DOC = DOCS / "warehouse.md"


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict[str, list[tuple[str, str]]]:
    """{table or view: [(column, type), ...]} of a warehouse made by the migrations alone."""
    with duckdb.connect(str(tmp_path_factory.mktemp("docs") / "fresh.duckdb")) as con:
        wh.migrate(con)
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
        ).fetchall()
    schema: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        schema.setdefault(table, []).append((column, kind))
    return schema


def _sections(markdown: str) -> dict[str, str]:
    """{name: body} of each heading of the form "### `name`"."""
    sections: dict[str, str] = {}
    name, body = None, []
    for line in markdown.splitlines():
        heading = re.match(r"#+\s", line)
        if heading:
            if name is not None:
                sections[name] = "\n".join(body)
            found = re.fullmatch(r"#+\s+`([^`]+)`\s*", line)
            name, body = (found.group(1) if found else None), []
        elif name is not None:
            body.append(line)
    if name is not None:
        sections[name] = "\n".join(body)
    return sections


def _documented_columns(section: str) -> dict[str, str]:
    """{column: type} of the rows "| `column` | TYPE | meaning |" of a section's table."""
    return dict(re.findall(r"^\|\s*`([^`]+)`\s*\|\s*([A-Z][A-Z ]*?)\s*\|", section, re.M))


def test_every_table_view_and_column_is_in_warehouse_md(schema):
    sections = _sections(WAREHOUSE_DOC.read_text(encoding="utf-8"))
    missing_tables = sorted(set(schema) - set(sections))
    assert not missing_tables, (
        f"docs/warehouse.md has no section (a heading '### `name`') for: {', '.join(missing_tables)}"
    )
    problems = []
    for table, columns in schema.items():
        documented = _documented_columns(sections[table])
        for column, kind in columns:
            if column not in documented:
                problems.append(f"{table}.{column} ({kind}) is not documented")
            elif documented[column] != kind:
                problems.append(f"{table}.{column} is {kind}, documented as {documented[column]}")
        for column in sorted(set(documented) - {c for c, _ in columns}):
            problems.append(f"{table}.{column} is documented but not in the schema")
    assert not problems, "docs/warehouse.md is out of date:\n" + "\n".join(problems)


def test_warehouse_md_documents_no_table_the_schema_lacks(schema):
    sections = _sections(WAREHOUSE_DOC.read_text(encoding="utf-8"))
    stale = sorted(name for name, body in sections.items() if _documented_columns(body) and name not in schema)
    assert not stale, f"docs/warehouse.md documents tables or views the schema lacks: {', '.join(stale)}"


def _user_docs() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in [README, *sorted(DOCS.glob("*.md"))])


def _mentions(text: str, word: str) -> bool:
    """`word` as a whole token: --feed is not found in --feeds."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_command_and_option_is_documented():
    docs = _user_docs()
    parser = _parser()
    top = [o for a in parser._actions for o in a.option_strings if o not in ("-h", "--help")]
    missing = [f"sitrep {o}" for o in top if not _mentions(docs, o)]
    commands = _commands()
    assert commands, "no subcommands found in sitrep/cli.py"
    for name, command in commands.items():
        if not re.search(rf"\bsitrep\s+{re.escape(name)}\b", docs):
            missing.append(f"sitrep {name}")
        for action in command._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help") and not _mentions(docs, option):
                    missing.append(f"sitrep {name} {option}")
            if not action.option_strings and action.choices:  # sitrep server start|stop|status
                missing += [
                    f"sitrep {name} {c}" for c in action.choices if not re.search(rf"\bsitrep\s+{name}\s+{c}\b", docs)
                ]
    assert not missing, "not in README.md or docs/*.md: " + ", ".join(missing)


def test_every_report_is_listed_in_readme():
    readme = README.read_text(encoding="utf-8")
    section = readme.split("\n## Reports", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\|\s*`([a-z0-9_]+)`\s*\|", section, re.M))
    reports = {p.stem for p in (ROOT / "sql" / "reports").glob("*.sql")}
    assert reports, "no reports found in sql/reports"
    missing = sorted(reports - listed)
    assert not missing, f"README's table of reports (## Reports) lacks: {', '.join(missing)}"


def test_every_quality_check_is_in_the_codebook():
    codebook = (DOCS / "codebook.md").read_text(encoding="utf-8")
    section = codebook.split("\n## Quality checks", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\|\s*`([a-z0-9_]+)`\s*\|", section, re.M))
    checks = {p.stem for p in (ROOT / "sql" / "checks").glob("*.sql")}
    missing = sorted(checks - listed)
    assert not missing, f"docs/codebook.md's table of quality checks lacks: {', '.join(missing)}"


def _anchors(markdown: str) -> set[str]:
    """GitHub's anchors of a page's headings: lower case, punctuation other than - and _ dropped,
    spaces to hyphens."""
    anchors = set()
    for line in markdown.splitlines():
        m = re.match(r"#+\s+(.*)", line)
        if m:
            text = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower())
            anchors.add(text.replace(" ", "-"))
    return anchors


_CITED = re.compile(r"docs/([\w-]+)\.md(?:#([\w-]+)|, \"([^\"]+)\")")
_SOURCES = ("sitrep", "flows", "sql", "tests", "bench", "scripts", "docs", "README.md")
_TEXT = {".py", ".sql", ".yaml", ".yml", ".md", ".txt", ".csv", ".json", ".toml"}


@cache
def _project_files() -> tuple[tuple[Path, str], ...]:
    """(path, text) of the project's source and documentation files."""
    found = []
    for top in _SOURCES:
        path = ROOT / top
        for f in [path] if path.is_file() else sorted(path.rglob("*")):
            inside = f.relative_to(ROOT).parts
            if (
                f.is_file()
                and f.suffix in _TEXT
                and "__pycache__" not in inside
                and not any(part.startswith(".") for part in inside)
            ):
                found.append((f, f.read_text(encoding="utf-8", errors="replace")))
    return tuple(found)


def test_citations_of_the_docs_name_sections_that_exist():
    anchors = {p.stem: _anchors(p.read_text(encoding="utf-8")) for p in DOCS.glob("*.md")}
    broken = []
    for f, text in _project_files():
        for m in _CITED.finditer(text):
            page, anchor, title = m.group(1), m.group(2), m.group(3)
            wanted = anchor or _anchors(f"# {title}").pop()
            if wanted not in anchors.get(page, set()):
                broken.append(f"{f.relative_to(ROOT)}: {m.group(0)}")
    for page in DOCS.glob("*.md"):  # links inside the docs: [text](#anchor), [text](other.md#anchor)
        for target, anchor in re.findall(r"\]\((?:([\w-]+)\.md)?#([\w-]+)\)", page.read_text(encoding="utf-8")):
            if anchor not in anchors.get(target or page.stem, set()):
                broken.append(f"docs/{page.name}: ({target + '.md' if target else ''}#{anchor})")
    assert not broken, "citations of sections that do not exist:\n" + "\n".join(broken)


@pytest.mark.parametrize("name", ["CODEBOOK.md", "CONTRACT.md", "NOTES-prefect-duckdb.md", "../shared", "/work/shared"])
def test_no_citation_of_files_outside_the_project(name):
    """The project cites its own docs, not the specification it was built to (issue 15)."""
    here = Path(__file__).resolve()
    citing = [str(f.relative_to(ROOT)) for f, text in _project_files() if f.resolve() != here and name in text]
    assert not citing, f"{name} is not part of the project, yet cited by: {', '.join(citing)}"
