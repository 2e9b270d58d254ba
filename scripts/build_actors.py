#!/usr/bin/env python3
"""Build sitrep's actor catalogue: sitrep/data/actors/actors.csv and actor_aliases.csv.

Inputs (all in the repository; nothing is fetched):
  sitrep/data/countries/countries.csv        every country: ISO codes, names, demonyms
  sitrep/data/actors/curated_actors.csv      hand-made actors (the Syrian and Iraqi wars, and the
  sitrep/data/actors/curated_aliases.csv       world's armed actors the sources lack), with a source
  sitrep/data/actors/generic_classes.yaml    words that name a kind of actor ("troops", "rebels")
  sitrep/data/actors/generic_templates.yaml  per-country generic actors ("Military Forces of X")
  sitrep/data/actors/generic_instances.csv   which actor a class stands for in each country
  sitrep/data/actors/source_links.csv        decisions on source entries: merge, skip, rename
  scripts/actor_sources/ucdp-actor-221.csv  UCDP Actor Dataset 22.1 (CC BY 4.0)
  scripts/actor_sources/Phoenix.MilNonState.actors.txt
                                            PETRARCH2/Phoenix CAMEO non-state actors (MIT)
  scripts/actor_sources/common_words.txt    English words found in source names

Precedence, highest first: curated aliases, class words, generated per-country aliases, UCDP,
PETRARCH2. An alias already taken by an earlier actor is left out of a later one, so every alias
resolves to exactly one actor. The output is sorted: the same inputs give the same bytes.

Usage:
  python scripts/build_actors.py            build, check, write, print counts
  python scripts/build_actors.py --check    check the written files only (the README's check)
Standard library and PyYAML only.
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTORS = ROOT / "sitrep" / "data" / "actors"
COUNTRIES = ROOT / "sitrep" / "data" / "countries" / "countries.csv"
SOURCES = ROOT / "scripts" / "actor_sources"
UCDP_FILE = SOURCES / "ucdp-actor-221.csv"
PETRARCH_FILE = SOURCES / "Phoenix.MilNonState.actors.txt"

COLUMNS = ["actor_id", "name", "actor_type", "country_code", "victim_kind", "side", "generic", "source"]
ACTOR_TYPES = {
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external_force",
    "government",
    "media",
    "monitor",
    "international_org",
    "person",
    "other",
}
VICTIM_KINDS = {"state_forces", "armed_group", "civilians", "unknown"}
SIDES = {
    "government",
    "isis",
    "coalition",
    "opposition",
    "kurdish",
    "jihadist",
    "turkey",
    "israel",
    "civilian",
    "neutral",
    "other",
    "rebel",
    "criminal",
    "communal",
    "russia",
    "houthi",
    "saudi-coalition",
    "palestinian",
    "armenia",
    "rsf",
    "tigray",
}


# ------------------------------------------------------------------ reading
def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def norm(text: str) -> str:
    """One spelling of a surface form: curly quotes straightened, whitespace collapsed."""
    text = text.replace("’", "'").replace("‘", "'").replace("´", "'").replace("`", "'")
    return " ".join(text.replace("\u00a0", " ").split())


def norm_source(text: str) -> str:
    """A name from a source file: dashes as hyphens too ("CODECO–BTD" -> "CODECO-BTD")."""
    return norm(text.replace("–", "-").replace("—", "-"))


def slug(text: str) -> str:
    text = text.replace("'", "").replace("’", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def is_latin(text: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘–—´" for c in text)


# ------------------------------------------------------------------ the catalogue
class Catalogue:
    def __init__(self) -> None:
        self.actors: dict[str, dict] = {}
        self.aliases: dict[str, dict[tuple[str, bool], None]] = defaultdict(dict)
        self.exact: dict[str, str] = {}  # case-sensitive alias -> actor
        self.folded: dict[str, str] = {}  # lower-cased case-insensitive alias -> actor
        self.folded_exact: dict[str, set] = defaultdict(set)  # lower-cased cs alias -> actors
        self.dropped: Counter = Counter()

    def add_actor(self, row: dict) -> None:
        a = {c: (row.get(c) or "").strip() for c in COLUMNS}
        a["generic"] = "true" if a["generic"].lower() == "true" else "false"
        if a["actor_id"] in self.actors:
            raise SystemExit(f"duplicate actor id {a['actor_id']}")
        for col, allowed in (("actor_type", ACTOR_TYPES), ("victim_kind", VICTIM_KINDS)):
            if a[col] not in allowed:
                raise SystemExit(f"{a['actor_id']}: {col} {a[col]!r} not in the vocabulary")
        if a["side"] and a["side"] not in SIDES:
            raise SystemExit(f"{a['actor_id']}: side {a['side']!r} not in the vocabulary")
        self.actors[a["actor_id"]] = a

    def owner(self, alias: str, cs: bool) -> str | None:
        low = alias.lower()
        if cs:
            return self.exact.get(alias) or self.folded.get(low)
        if low in self.folded:
            return self.folded[low]
        others = self.folded_exact.get(low)
        return next(iter(sorted(others))) if others else None

    def claim(self, actor_id: str, alias: str, cs: bool, origin: str, strict: bool = False) -> bool:
        """Give `alias` to `actor_id` unless another actor has it. strict: a clash is an error."""
        alias = norm(alias)
        if not alias or "," in alias:
            return False
        holder = self.owner(alias, cs)
        if holder is not None and holder != actor_id:
            if strict:
                raise SystemExit(f"{origin}: alias {alias!r} of {actor_id} already belongs to {holder}")
            self.dropped[origin] += 1
            return False
        if (alias, cs) in self.aliases[actor_id] or (not cs and self.folded.get(alias.lower()) == actor_id):
            return True  # already this actor's (in this or another case)
        self.aliases[actor_id][(alias, cs)] = None
        if cs:
            self.exact[alias] = actor_id
            self.folded_exact[alias.lower()].add(actor_id)
        else:
            self.folded[alias.lower()] = actor_id
        return True

    def has_alias(self, actor_id: str, alias: str) -> bool:
        return any(a == alias for a, _ in self.aliases.get(actor_id, {}))


# ------------------------------------------------------------------ countries
class Countries:
    def __init__(self, path: Path, templates: dict) -> None:
        self.rows = read_csv(path)
        self.by_cc = {r["iso2"]: r for r in self.rows}
        self.shared = templates.get("shared_demonyms") or {}
        self.no_name_forms = set(templates.get("no_name_forms") or [])
        self.long_words = set(templates.get("long_form_words") or [])
        self.lookup: dict[str, str] = {}
        for r in self.rows:
            for n in [r["name"], *split(r["aliases"])]:
                self.lookup.setdefault(n.lower(), r["iso2"])
        self.words = {n.lower() for r in self.rows for n in [r["name"], *split(r["aliases"]), *split(r["demonyms"])]}

    def demonyms(self, cc: str) -> list[str]:
        """Adjective demonyms: the plural people forms ("Nigerians", "Frenchmen") left out."""
        forms = split(self.by_cc[cc]["demonyms"])
        out = []
        for d in forms:
            if (d.endswith("s") and d[:-1] in forms) or d.endswith("men"):
                continue
            if d in self.shared and self.shared[d] != cc:
                continue
            out.append(d)
        return out

    def names(self, cc: str) -> list[str]:
        if cc in self.no_name_forms:
            return []
        r = self.by_cc[cc]
        out = [r["name"]]
        for a in split(r["aliases"]):
            words = a.split()
            if len(words) > 3 or any(c in a for c in ",()") or self.long_words & set(words):
                continue
            if self.lookup.get(a.lower()) != cc:
                continue
            out.append(a)
        return list(dict.fromkeys(out))


def split(field: str) -> list[str]:
    return [x.strip() for x in (field or "").split("|") if x.strip()]


def possessives(names: list[str]) -> list[str]:
    """ "Nigeria's", "Nigerias" for the name; "DRC's" for a short alias; "Philippines'"."""
    out = []
    for i, name in enumerate(names):
        if i and len(name.split()) > 2:
            continue
        if name.endswith("s"):
            out.append(name + "'")
        else:
            out.append(name + "'s")
            if i == 0:
                out.append(name + "s")
    return out


def expand(pattern: str, country: str, dems: list[str], names: list[str]) -> list[str]:
    out = []
    if "{Dem}" in pattern:
        out = [pattern.replace("{Dem}", d) for d in dems]
    elif "{Name's}" in pattern:
        out = [pattern.replace("{Name's}", p) for p in possessives(names)]
    elif "{Name}" in pattern:
        out = [pattern.replace("{Name}", n) for n in names]
    else:
        out = [pattern]
    return [o.replace("{Country}", country) for o in out]


def alias_case(alias: str) -> bool:
    """Case-sensitive when the alias holds an acronym in capitals ("DRC army", "US police")."""
    return any(re.fullmatch(r"[A-Z][A-Z.]*[A-Z]\.?", w) for w in alias.split())


# ------------------------------------------------------------------ generic classes and instances
def load_classes(cat: Catalogue) -> dict[str, dict]:
    classes = yaml.safe_load((ACTORS / "generic_classes.yaml").read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for cid, c in classes.items():
        words = [(w, False) for w in c.get("words") or []] + [(w, True) for w in c.get("words_cased") or []]
        for w, cs in words:
            key = w if cs else w.lower()
            if key in seen:
                raise SystemExit(f"class word {w!r} in both {seen[key]} and {cid}")
            seen[key] = cid
        c["_words"] = words
    for cid, c in classes.items():
        cat.add_actor(
            {
                "actor_id": f"generic-{cid}",
                "name": c["name"],
                "actor_type": c["actor_type"],
                "country_code": "",
                "victim_kind": c["victim_kind"],
                "side": c.get("side", ""),
                "generic": "true",
                "source": "generated:class",
            }
        )
        cat.claim(f"generic-{cid}", c["name"], False, "class", strict=True)
        for w, cs in c["_words"]:
            cat.claim(f"generic-{cid}", w, cs, "class", strict=True)
    return classes


def load_instances(classes: dict) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    defaults, overrides = {}, {}
    for r in read_csv(ACTORS / "generic_instances.csv"):
        if r["class"] not in classes:
            raise SystemExit(f"generic_instances.csv: unknown class {r['class']}")
        if r["country_code"]:
            overrides[(r["class"], r["country_code"])] = r["actor_id"]
        else:
            defaults[r["class"]] = r["actor_id"]
    return defaults, overrides


def instance(cls: str, cc: str, defaults: dict, overrides: dict) -> str | None:
    if (cls, cc) in overrides:
        return overrides[(cls, cc)]
    if cls in defaults:
        return defaults[cls].replace("{cc}", cc.lower())
    return None


def generate_countries(
    cat: Catalogue, countries: Countries, templates: dict, classes: dict, defaults: dict, overrides: dict
) -> None:
    for t in templates["templates"]:
        for cls in t["aliases"]:
            if cls not in classes:
                raise SystemExit(f"template {t['id']}: unknown class {cls}")
    for r in sorted(countries.rows, key=lambda r: r["iso2"]):
        cc, country = r["iso2"], r["name"]
        dems, names = countries.demonyms(cc), countries.names(cc)
        referenced = {instance(c, cc, defaults, overrides) for c in classes}
        for t in templates["templates"]:
            tid = t["id"].replace("{cc}", cc.lower())
            name = t["name"].replace("{Country}", country)
            groups = list(t["aliases"].items())
            if tid in referenced:
                cat.add_actor(
                    {
                        "actor_id": tid,
                        "name": name,
                        "actor_type": t["actor_type"],
                        "country_code": cc,
                        "victim_kind": t["victim_kind"],
                        "side": t.get("side", ""),
                        "generic": "false",
                        "source": "generated:" + t["id"].replace("-{cc}", ""),
                    }
                )
                cat.claim(tid, name, False, "generated", strict=True)
            else:
                first = instance(groups[0][0], cc, defaults, overrides)
                if first:
                    cat.claim(first, name, False, "generated")
            for cls, patterns in groups:
                target = instance(cls, cc, defaults, overrides)
                if not target:
                    continue
                for p in patterns:
                    for alias in expand(p, country, dems, names):
                        cat.claim(target, alias, alias_case(alias), "generated")


# ------------------------------------------------------------------ sources
def load_common_words() -> set[str]:
    words = set()
    with open(SOURCES / "common_words.txt", encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(line.lower())
    return words


COMMON_WORDS = load_common_words()
ACRONYM = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*\.?")
# Acronyms sources use that mean something else in English news.
ACRONYM_STOP = {
    "CPI",
    "CPM",
    "CPP",
    "PLA",
    "NDF",
    "APF",
    "MCC",
    "ADP",
    "CPA",
    "ALP",
    "DSE",
    "PDP",
    "APC",
    "ANC",
    "PPP",
    "UDF",
    "UDM",
    "IFP",
    "DPF",
    "ASL",
    "MPF",
    "BMA",
    "SSDF",
    "TAK",
    "IRA",
    "CMA",
    "SRF",
    "ATM",
    "CIA",
    "FBI",
    "NGO",
    "GDP",
    "CEO",
    "USA",
    "UAE",
    "EU",
    "AU",
    "UN",
    "OAS",
    "MIA",
    "AIS",
    "FIS",
    "ETA",
    "ANO",
    "PA",
    "MUP",
    "RUF",
    "NPA",
    "UPA",
    "ALF",
    "ELF",
    "RAF",
    "GIA",
    "MRTA",
    "PSD",
    "NLA",
    "JVP",
    "NPF",
    "PDF",
    "IMU",
    "JMB",
    "JI",
    "LTTE",
    "MEK",
    "MKO",
    "PFLO",
    "BLA",
    "BRA",
    "BLF",
}
GANG_WORDS = {
    "cartel",
    "gang",
    "mara",
    "comando",
    "terceiro",
    "barrio",
    "zetas",
    "familia",
    "caballeros",
    "barredora",
    "choneros",
    "lobos",
    "pcc",
    "capital",
    "syndicate",
    "mafia",
    "clan del golfo",
    "g9",
    "g-pep",
    "5 segonn",
    "village de dieu",
}
JIHAD_WORDS = {
    "islam",
    "islamic",
    "islamiyya",
    "islamiyah",
    "islamiya",
    "jihad",
    "jihadi",
    "ansar",
    "ansaru",
    "mujahid",
    "mujahideen",
    "mujahidin",
    "mujahedin",
    "jamaat",
    "jama'at",
    "jemaah",
    "jamaah",
    "tawhid",
    "tawheed",
    "sharia",
    "shariah",
    "qaida",
    "qaeda",
    "shabaab",
    "shabab",
    "caliphate",
    "khilafah",
    "salafi",
    "salafist",
    "takfir",
    "hizbul",
    "jaish",
    "jaysh",
    "lashkar",
    "harakat",
    "harkat",
    "muslim",
    "muslims",
    "mujahedeen",
    "allah",
    "dawa",
    "daawa",
    "sunna",
    "sunnah",
}


# Names of whole religious or ethnic communities: never an alias of one armed group.
GROUP_WORDS = {
    "hindus",
    "muslims",
    "christians",
    "buddhists",
    "sunni",
    "sunnis",
    "shia",
    "shiite",
    "shiites",
    "alawite",
    "alawites",
    "copts",
    "malay",
    "malays",
    "arab",
    "arabs",
    "jews",
    "catholics",
    "protestants",
    "highlanders",
    "tamil",
    "tamils",
    "pashtun",
    "pashtuns",
}


class SourceNames:
    def __init__(self, countries: Countries) -> None:
        self.common = load_common_words()
        self.countries = countries
        self.group_words = GROUP_WORDS

    def judge(self, name: str) -> tuple[bool, bool]:
        """(usable, case_sensitive) for a name taken from a source."""
        name = norm_source(name)
        if len(name) < 3 or "," in name or not is_latin(name) or name.lower() in ("n/a", "na"):
            return False, False
        if name.lower() in self.countries.words or name.lower().startswith("military faction"):
            return False, False
        words = re.findall(r"[A-Za-zÀ-ɏ0-9']+", name)
        if not words:
            return False, False
        if (
            len(words) == 1
            and ACRONYM.fullmatch(name)
            and sum(c.isupper() for c in name) >= 2
            and sum(c.isupper() or c.isdigit() for c in name) * 2 >= len(re.sub(r"[^A-Za-z0-9]", "", name))
        ):
            base = re.split(r"[-/]", name)[0]
            if name in ACRONYM_STOP or base in ACRONYM_STOP or len(re.sub(r"[^A-Za-z0-9]", "", name)) < 3:
                return False, False
            return True, True
        distinctive = [
            w
            for w in words
            if w.lower().strip("'") not in self.common and w.lower() not in self.countries.words and not w.isdigit()
        ]
        if len(words) == 1:
            # one word that is no acronym: a proper name, matched as written, if long enough
            # not to be a common name or word ("Frelimo", "Renamo", "Mungiki")
            if not distinctive or len(words[0]) < 6 or name.lower() in self.group_words:
                return False, False
            return True, True
        if not distinctive:
            # common words only: a proper name when written as one ("Revolutionary United
            # Front", "Angry Brigade"), matched as written; a description otherwise
            capitals = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
            return (len(capitals) >= 2, True)
        if (
            re.match(r"(?i)(the )?(republic|government|state|kingdom|people's republic) of ", name)
            and name.lower().split(" of ", 1)[1].removeprefix("the ") in self.countries.words
        ):
            return False, False
        return True, False


def ucdp_location(loc: str, countries: Countries) -> str:
    for part in re.split(r",\s*", loc or ""):
        part = part.strip()
        bare = re.sub(r"\s*\(.*?\)\s*", "", part).strip()
        for cand in (part, bare, UCDP_PLACE.get(part, ""), UCDP_PLACE.get(bare, "")):
            cc = countries.lookup.get(cand.lower()) if cand else None
            if cand in countries.by_cc:
                return cand
            if cc:
                return cc
    return ""


UCDP_PLACE = {
    "DR Congo (Zaire)": "CD",
    "Myanmar (Burma)": "MM",
    "Russia (Soviet Union)": "RU",
    "Yemen (North Yemen)": "YE",
    "South Yemen": "YE",
    "Serbia (Yugoslavia)": "RS",
    "Cambodia (Kampuchea)": "KH",
    "Madagascar (Malagasy)": "MG",
    "Vietnam (North Vietnam)": "VN",
    "South Vietnam": "VN",
    "Zimbabwe (Rhodesia)": "ZW",
    "Bosnia-Herzegovina": "BA",
    "Macedonia": "MK",
    "Ivory Coast": "CI",
    "Kingdom of eSwatini (Swaziland)": "SZ",
    "Surinam": "SR",
    "Hyderabad": "IN",
    "Germany (Prussia)": "DE",
    "Iran (Persia)": "IR",
    "Turkey (Ottoman Empire)": "TR",
    "Burkina Faso (Upper Volta)": "BF",
    "Sri Lanka (Ceylon)": "LK",
    "Tanzania (Tanganyika)": "TZ",
    "Benin (Dahomey)": "BJ",
    "Zambia (Northern Rhodesia)": "ZM",
    "Malawi (Nyasaland)": "MW",
    "Ghana (Gold Coast)": "GH",
    "Thailand (Siam)": "TH",
    "Taiwan (ROC)": "TW",
    "Congo": "CG",
    "Kosovo": "XK",
    "East Timor": "TL",
    "Czechoslovakia": "CZ",
    "Yugoslavia": "RS",
    "Soviet Union": "RU",
}


def ucdp_names(r: dict) -> list[str]:
    names = [r["NameData"], r["NameOrig"], r["NameOrigFull"], r["NameOrigFullEng"]]
    for col in ("NewName", "NewNameFullMotherTongue", "NewNameFullEng"):
        names += re.split(r",\s+", r.get(col) or "")
    out = []
    for n in names:
        n = norm_source(n or "")
        if n and n.lower() != "n/a" and is_latin(n):
            out.append(n)
            if " - " in n:
                out.append(n.replace(" - ", "-"))
    return list(dict.fromkeys(out))


def ucdp_kind(r: dict, names: list[str]) -> tuple[str, str]:
    text = " ".join(names).lower()
    words = set(re.findall(r"[a-z0-9'-]+", text))
    org = r["Org"]
    if org == "2":
        return "political_militia", "other"
    if org == "3":
        return "identity_militia", "communal"
    if words & GANG_WORDS or any(g in text for g in GANG_WORDS if " " in g):
        return "political_militia", "criminal"
    if words & JIHAD_WORDS:
        return "rebel_group", "jihadist"
    return "rebel_group", "rebel"


def identity_name(data_name: str) -> str:
    low = data_name.lower()
    if "clan" in low or "subclan" in low or "sub-tribe" in low or "tribe" in low:
        return f"{data_name} Clan Militia"
    if "community" in low or low.startswith(("christians", "muslims", "hindus", "buddhists", "copts")):
        return f"{data_name} Communal Militia"
    return f"{data_name} Ethnic Militia"


def load_links() -> dict[tuple[str, str], dict]:
    links = {}
    for r in read_csv(ACTORS / "source_links.csv"):
        links[(r["source"], r["key"])] = r
    return links


def add_source_actor(
    cat: Catalogue,
    names_judge: SourceNames,
    links: dict,
    source: str,
    key: str,
    names: list[str],
    base: dict,
    extra_aliases: Sequence[str] = (),
) -> str | None:
    """Merge a source entry into a linked or same-named actor, or add it as a new actor."""
    link = links.get((source, key))
    tag = f"{source}:{key}"
    if link is not None and link["action"] == "skip":
        cat.dropped[f"{source} skipped (source_links.csv)"] += 1
        return None
    target = None
    if link is not None and link["action"] == "merge":
        target = link["actor_id"]
        if target not in cat.actors:
            raise SystemExit(f"source_links.csv: {tag} merges into unknown actor {target}")
    judged = [(n, *names_judge.judge(n)) for n in names]
    usable = [(n, cs) for n, ok, cs in judged if ok]
    if target is None:
        # the same organisation under a full name an earlier actor already has
        holders = {h for n, cs in usable if not cs and (h := cat.owner(n, cs))}
        holders = {
            h
            for h in holders
            if cat.actors.get(h, {}).get("source", "").startswith("curated")
            or (
                cat.actors.get(h, {}).get("source", "").startswith(("ucdp", "petrarch2"))
                and cat.actors[h]["country_code"] == base["country_code"]
            )
        }
        if len(holders) == 1:
            target = holders.pop()
    if target is not None:
        a = cat.actors[target]
        if tag not in a["source"].split("|"):
            a["source"] = a["source"] + "|" + tag
        for n, cs in usable + [(x, False) for x in extra_aliases]:
            cat.claim(target, n, cs, f"{source} merged")
        return target
    row = dict(base)
    if link is not None and link["action"] == "new":
        for col in ("name", "actor_type", "country_code", "side"):
            if link.get(col):
                row[col] = link[col]
    free = [(n, cs) for n, cs in usable + [(x, False) for x in extra_aliases] if cat.owner(n, cs) is None]
    name, name_cs = None, False
    for cand in [norm_source(row["name"]).replace(",", "")] + [n for n, _ in free]:
        ok, cs = names_judge.judge(cand)
        if ok and cat.owner(cand, cs) is None and cat.owner(cand, False) is None:
            name, name_cs = cand, cs
            break
    if name is None:
        cat.dropped[f"{source} entries whose names other actors have or that name no group"] += 1
        return None
    aid = slug(name)
    if aid in cat.actors:
        aid = f"{aid}-{row['country_code'].lower()}" if row["country_code"] else f"{aid}-{slug(key)}"
    if aid in cat.actors:
        aid = f"{aid}-{slug(key)}"
    row.update(actor_id=aid, name=name, generic="false", source=tag)
    cat.add_actor(row)
    cat.claim(aid, name, name_cs, source, strict=True)
    for n, cs in free:
        cat.claim(aid, n, cs, source)
    return aid


def load_ucdp(cat: Catalogue, countries: Countries, judge: SourceNames, links: dict) -> None:
    rows = read_csv_bom(UCDP_FILE)
    for r in sorted(rows, key=lambda r: int(r["ActorId"])):
        if r["Org"] == "4":
            continue  # states: the generated governments
        names = ucdp_names(r)
        actor_type, side = ucdp_kind(r, names)
        cc = ucdp_location(r["Location"], countries)
        data = norm_source(r["NameData"])
        extra: list[str] = []
        if r["Org"] == "3":
            bare = re.sub(r"\s*\(.*?\)", "", data).strip()
            if (
                bare.lower() in countries.words
                or bare.lower() in GROUP_WORDS
                or bare.lower() in ("northern sudanese", "southern sudanese", "han chinese")
            ):
                cat.dropped["ucdp communities named by a demonym or a religion"] += 1
                continue
            name = identity_name(re.sub(r"\s*\((?!Hawiye|Darod|Dir|Isaaq|Issaq|Digil).*?\)", "", data).strip())
            bare = re.sub(r"\s*\(.*?\)", "", data).strip()
            if judge.judge(bare)[0]:
                kind = "clan" if "Clan" in name else "ethnic"
                extra = [
                    f"{bare} militia",
                    f"{bare} militias",
                    f"{bare} militiamen",
                    f"{bare} {kind} militia",
                    f"{bare} fighters",
                    f"{bare} gunmen",
                ]
            names = [n for n in names if n != data] + ([bare] if bare != data else [])
        else:
            # the name the data uses, unless it is an acronym: then its full English form
            full = [n for n in re.split(r",\s+", r.get("NewNameFullEng") or "") if n.strip()]
            eng = norm_source(full[-1]) if full else norm_source(r["NameOrigFullEng"] or "")
            acronym = judge.judge(data) == (True, True) and " " not in data
            name = eng if acronym and eng and eng.lower() != "n/a" and is_latin(eng) and len(eng.split()) >= 2 else data
        base = {"name": name, "actor_type": actor_type, "country_code": cc, "victim_kind": "armed_group", "side": side}
        add_source_actor(cat, judge, links, "ucdp", r["ActorId"], names, base, extra)


def read_csv_bom(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


CAMEO_COUNTRY: dict[str, str] = {}  # filled from countries.csv: ISO3 -> ISO2


def petrarch_entries() -> list[tuple[str, list[str], str]]:
    """(entry, names, code) of the TOPS-derived group entries; the KEDS person list is left out."""
    entries, current = [], None
    with open(PETRARCH_FILE, encoding="utf-8", errors="replace") as text:
        for line in text:
            if line.startswith("# KEDS Project International Militarized Groups"):
                break
            line = line.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            m = re.match(r"^\+(\S.*?)\s*$", line)
            if m and current is not None:
                current[1].append(petrarch_name(m.group(1)))
                continue
            m = re.match(r"^([^\s\[+]\S*)\s*(\[([A-Z~]+)[^\]]*\])?", line)
            if m:
                current = (m.group(1), [petrarch_name(m.group(1))], m.group(3) or "")
                entries.append(current)
    return entries


LOWER_PARTICLES = {
    "al",
    "el",
    "e",
    "i",
    "ul",
    "ud",
    "ut",
    "wa",
    "wal",
    "of",
    "the",
    "and",
    "for",
    "in",
    "de",
    "del",
    "la",
    "las",
    "los",
    "le",
    "les",
    "du",
    "des",
    "y",
    "da",
    "do",
    "dos",
    "di",
    "against",
    "to",
    "on",
    "at",
    "by",
    "ash",
    "as",
    "an",
    "ar",
    "ad",
}


def petrarch_name(token: str) -> str:
    """'LASHKAR-E-TAIBA_(LET)_' -> 'Lashkar-e-Taiba (LET)'; 'DHKP/C_' -> 'DHKP/C' (one short
    word that is no English word stays in capitals: an acronym)."""
    text = token.replace("_", " ").strip()
    text = re.sub(r"\+", " ", text)
    if " " not in text and all(
        len(p) <= 5 and (len(p) <= 2 or p.lower() not in COMMON_WORDS) for p in re.split(r"[-/.&]", text) if p
    ):
        return text
    out = []
    for i, w in enumerate(text.split()):
        if w.startswith("(") and w.endswith(")"):
            out.append(w)
            continue
        parts = re.split(r"([-'])", w)
        fixed = []
        for p in parts:
            if p in "-'" or not p:
                fixed.append(p)
            elif (p.lower() in LOWER_PARTICLES and (i or fixed)) or (fixed and fixed[-1] == "'" and len(p) == 1):
                fixed.append(p.lower())
            elif len(p) <= 3 and p.isalpha() and p.lower() not in COMMON_WORDS:
                fixed.append(p.upper())  # "IRA", "SS": short non-words are acronyms
            else:
                fixed.append(p[:1].upper() + p[1:].lower())
        out.append("".join(fixed))
    name = " ".join(out)
    return name[:1].upper() + name[1:]


def load_petrarch(cat: Catalogue, countries: Countries, judge: SourceNames, links: dict) -> None:
    iso3 = {r["iso3"]: r["iso2"] for r in countries.rows}
    for entry, names, code in petrarch_entries():
        key = entry.rstrip("_")
        expanded = []
        for n in names:
            m = re.match(r"^(.*?)\s*\(([A-Z0-9-]{2,})\)$", n)
            if m:
                expanded += [m.group(1), m.group(2)]
            else:
                expanded.append(n)
        expanded = [norm_source(n) for n in expanded if n]
        cc = iso3.get(code[:3], "") if code else ""
        words = {w.lower() for n in expanded for w in re.findall(r"[A-Za-z']+", n)}
        side = "jihadist" if words & JIHAD_WORDS else "rebel"
        base = {
            "name": expanded[0],
            "actor_type": "rebel_group",
            "country_code": cc,
            "victim_kind": "armed_group",
            "side": side,
        }
        add_source_actor(cat, judge, links, "petrarch2", key, expanded, base)


# ------------------------------------------------------------------ checks and output
def check(actors: list[dict], aliases: list[dict], exempt_names: set[str]) -> None:
    """The README's collision check, and the class-instance rules."""
    ids = [a["actor_id"] for a in actors]
    assert len(ids) == len(set(ids)), "dup id"
    known = set(ids)
    bad = [row for row in aliases if row["actor_id"] not in known or row["case_sensitive"] not in ("true", "false")]
    assert not bad, f"bad alias rows: {bad[:5]}"
    k = Counter(
        (row["alias"] if row["case_sensitive"] == "true" else row["alias"].lower(), row["case_sensitive"])
        for row in aliases
    )
    dup = [x for x in k if k[x] > 1]
    assert not dup, f"duplicate aliases: {dup[:10]}"
    ci = {row["alias"].lower(): row["actor_id"] for row in aliases if row["case_sensitive"] == "false"}
    clash = [row for row in aliases if ci.get(row["alias"].lower(), row["actor_id"]) != row["actor_id"]]
    assert not clash, f"cs/ci clash: {clash[:5]}"
    named = {(row["actor_id"], row["alias"]) for row in aliases}
    missing = [
        a["actor_id"] for a in actors if (a["actor_id"], a["name"]) not in named and a["actor_id"] not in exempt_names
    ]
    assert not missing, f"name not an alias: {missing[:10]}"
    assert not [row for row in aliases if "," in row["alias"]], "comma inside an alias"


def check_instances(actor_ids: set[str], countries: Countries, classes: dict, defaults: dict, overrides: dict) -> None:
    for (_cls, cc), _aid in overrides.items():
        if cc not in countries.by_cc:
            raise SystemExit(f"generic_instances.csv: unknown country {cc}")
    for cc in countries.by_cc:
        for cls in classes:
            aid = instance(cls, cc, defaults, overrides)
            if aid is not None and aid not in actor_ids:
                raise SystemExit(f"class {cls} in {cc} resolves to missing actor {aid}")


def exempt(classes: dict, overrides: dict, cat: Catalogue) -> set[str]:
    """Actors whose name is a class word and who are that class's instance somewhere
    ("Militants", "Civilians"): the bare word belongs to the class, which resolves to them."""
    words = {w.lower(): cid for cid, c in classes.items() for w, _ in c["_words"]}
    out = set()
    for (cls, _cc), aid in overrides.items():
        a = cat.actors.get(aid)
        if a and words.get(a["name"].lower()) == cls:
            out.add(aid)
    return out


def write(cat: Catalogue) -> tuple[list[dict], list[dict]]:
    actors = list(cat.actors.values())
    aliases = []
    for a in actors:
        for alias, cs in sorted(cat.aliases.get(a["actor_id"], {}), key=lambda x: (x[0].casefold(), x[0], x[1])):
            aliases.append({"actor_id": a["actor_id"], "alias": alias, "case_sensitive": "true" if cs else "false"})
    orphans = set(cat.aliases) - set(cat.actors)
    if orphans:
        raise SystemExit(f"aliases for unknown actors: {sorted(orphans)[:10]}")
    with open(ACTORS / "actors.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(actors)
    with open(ACTORS / "actor_aliases.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["actor_id", "alias", "case_sensitive"], lineterminator="\n")
        w.writeheader()
        w.writerows(aliases)
    return actors, aliases


def build() -> None:
    templates = yaml.safe_load((ACTORS / "generic_templates.yaml").read_text(encoding="utf-8"))
    countries = Countries(COUNTRIES, templates)
    cat = Catalogue()
    for r in read_csv(ACTORS / "curated_actors.csv"):
        cat.add_actor(r)
    for r in read_csv(ACTORS / "curated_aliases.csv"):
        cat.claim(r["actor_id"], r["alias"], r["case_sensitive"] == "true", "curated", strict=True)
    classes = load_classes(cat)
    defaults, overrides = load_instances(classes)
    generate_countries(cat, countries, templates, classes, defaults, overrides)
    judge = SourceNames(countries)
    links = load_links()
    load_ucdp(cat, countries, judge, links)
    load_petrarch(cat, countries, judge, links)
    check_instances(set(cat.actors), countries, classes, defaults, overrides)
    actors, aliases = write(cat)
    check(actors, aliases, exempt(classes, overrides, cat))
    report(actors, aliases, cat)


def report(actors: list[dict], aliases: list[dict], cat: Catalogue) -> None:
    print(f"{len(actors)} actors, {len(aliases)} aliases OK")
    src = Counter(a["source"].split("|")[0].split(":")[0] for a in actors)
    print("actors by source:", dict(sorted(src.items())))
    print("actors by type:", dict(sorted(Counter(a["actor_type"] for a in actors).items())))
    merged = Counter(
        t.split(":")[0] for a in actors for t in a["source"].split("|")[1:] if t.split(":")[0] in ("ucdp", "petrarch2")
    )
    print("source entries merged into other actors:", dict(sorted(merged.items())))
    print("aliases left out (taken by an earlier actor) or entries dropped:", dict(sorted(cat.dropped.items())))


def check_files() -> None:
    actors = read_csv(ACTORS / "actors.csv")
    aliases = read_csv(ACTORS / "actor_aliases.csv")
    classes = yaml.safe_load((ACTORS / "generic_classes.yaml").read_text(encoding="utf-8"))
    words = {
        w.lower(): cid for cid, c in classes.items() for w in (c.get("words") or []) + (c.get("words_cased") or [])
    }
    overrides = {
        (r["class"], r["country_code"]): r["actor_id"]
        for r in read_csv(ACTORS / "generic_instances.csv")
        if r["country_code"]
    }
    by_id = {a["actor_id"]: a for a in actors}
    ex = {aid for (cls, cc), aid in overrides.items() if aid in by_id and words.get(by_id[aid]["name"].lower()) == cls}
    check(actors, aliases, ex)
    print(len(actors), "actors", len(aliases), "aliases OK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the written files")
    args = ap.parse_args()
    if args.check:
        check_files()
    else:
        build()


if __name__ == "__main__":
    main()
