#!/usr/bin/env bash
# The wheel, as a user gets it: built from the repository, installed with the lock into a fresh
# venv, and run from a directory outside the checkout, where nothing of the repository is on the
# path. It fails if the wheel misses a file the commands read (sql/, the lexicons, the gazetteer)
# or a dependency the lock does not hold (as lxml.html.clean once was).
# Usage: scripts/check_wheel.sh   (PYTHON=python3.11 to choose the interpreter; ~1-3 min)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d -t sitrep-wheel-XXXXXX)"
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1
# A Prefect home of its own: the run's ephemeral server and its database live in the temp dir.
export PREFECT_HOME="$WORK/prefect" PREFECT_SERVER_ANALYTICS_ENABLED=false

echo "check_wheel: building the wheel"
"$PYTHON" -m pip wheel -qq --no-deps --wheel-dir "$WORK/dist" "$REPO"
WHEEL="$(ls "$WORK"/dist/sitrep-*.whl)"
unzip -l "$WHEEL" | grep -q 'sitrep/sql/reports/run_quality.sql' || { echo "the wheel carries no sql/" >&2; exit 1; }

echo "check_wheel: installing $(basename "$WHEEL") with constraints.txt into a fresh venv"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -qq -c "$REPO/constraints.txt" "$WHEEL"

# Outside the checkout: only the installed package can answer.
mkdir "$WORK/user" && cp -r "$REPO/seeds" "$WORK/user/articles"
cd "$WORK/user"
SITREP="$WORK/venv/bin/sitrep"
located="$("$WORK/venv/bin/python" -c 'import sitrep; print(sitrep.__file__)')"
case "$located" in "$WORK"/venv/*) ;; *) echo "sitrep imported from $located, not the wheel" >&2; exit 1 ;; esac

echo "check_wheel: sitrep run"
"$SITREP" run --input articles --warehouse x.duckdb >run.out 2>&1 || { cat run.out >&2; exit 1; }
# Events found means the lexicons and the gazetteer were read; a place name means the gazetteer.
"$SITREP" sql --warehouse x.duckdb "SELECT count(*) AS events FROM events" --format csv >events.out
"$SITREP" report --warehouse x.duckdb places_most_events >places.out 2>&1 || { cat places.out >&2; exit 1; }
"$SITREP" report --warehouse x.duckdb run_quality >quality.out 2>&1 || { cat quality.out >&2; exit 1; }
"$WORK/venv/bin/python" - <<'EOF'
from pathlib import Path

events = int(Path("events.out").read_text().split()[-1])
assert events >= 1, "no events coded: " + Path("run.out").read_text()[-2000:]
places = Path("places.out").read_text()
assert "Deir ez-Zor" in places, "the seed's place is not in the report:\n" + places
quality = Path("quality.out").read_text()
assert "completed" in quality, "run_quality shows no completed run:\n" + quality
print(f"check_wheel: ok ({events} events; reports places_most_events and run_quality)")
EOF
