"""The wheel's package list (pyproject.toml) covers every package of the repository."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _declared() -> set[str]:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return set(setuptools["packages"])


def test_every_library_package_is_in_the_wheel():
    on_disk = {
        "sitrep." + ".".join(p.parent.relative_to(ROOT / "sitrep").parts)
        for p in (ROOT / "sitrep").glob("*/__init__.py")
    }
    assert on_disk <= _declared(), f"add to [tool.setuptools] packages: {sorted(on_disk - _declared())}"


def test_flows_and_sql_install_inside_the_package():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"sitrep.flows": "flows", "sitrep.sql": "sql"}
    assert {"sitrep.flows", "sitrep.sql", "sitrep.data"} <= _declared()


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", requirement.split("==")[0].split("[")[0]).strip().lower()


def _pins(lines: list[str]) -> dict[str, str]:
    return {_name(line): line.split("==")[1].split(";")[0].strip() for line in lines if "==" in line}


def test_the_lock_holds_every_pin_of_pyproject():
    """A pin changed in pyproject.toml without `make lock` would install against a stale lock."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    # bench is not locked: never a product dependency (Makefile, lock).
    declared = _pins(project["dependencies"] + [r for name, reqs in extras.items() if name != "bench" for r in reqs])
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    locked = _pins([line for line in lines if not line.startswith((" ", "#"))])
    stale = {name: (version, locked.get(name)) for name, version in declared.items() if locked.get(name) != version}
    assert not stale, f"run `make lock`: pyproject.toml pin vs constraints.txt: {stale}"
    assert locked["lxml-html-clean"], "jusText imports lxml.html.clean"
