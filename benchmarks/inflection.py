"""Which library gives the drafter its singulars and plurals: inflect or lemminflect?

Measured on nouns council indicators count (irregular plurals, -ies, -ses, compounds, mass
nouns), in the same run: right answers and time per word after loading. The drafter needs
singulars ("no household was", "one property"), plurals and "was/were" agreement.

Run: .venv/bin/pip install inflect lemminflect && .venv/bin/python benchmarks/inflection.py
"""

from __future__ import annotations

import time

PLURAL_TO_SINGULAR: dict[str, str] = {
    "children": "child", "people": "person", "properties": "property",
    "households": "household", "re-referrals": "re-referral", "episodes": "episode",
    "cases": "case", "analyses": "analysis", "criteria": "criterion", "families": "family",
    "staff": "staff", "premises": "premises", "businesses": "business", "buses": "bus",
    "tenancies": "tenancy", "complaints": "complaint", "fly-tips": "fly-tip",
    "leavers": "leaver", "women": "woman", "adults": "adult", "homes": "home",
    "addresses": "address", "statuses": "status", "processes": "process",
    "enquiries": "enquiry", "journeys": "journey", "incidents": "incident", "visits": "visit",
    "days": "day", "voids": "void", "appeals": "appeal", "claims": "claim",
    "apprenticeships": "apprenticeship", "deaths": "death", "crimes": "crime", "beds": "bed",
    "lives": "life", "knives": "knife", "taxis": "taxi", "indices": "index", "data": "data",
    "pupils": "pupil", "FOIs": "FOI", "arrears": "arrears", "conferences": "conference",
    "placements": "placement",
}  # fmt: skip


def main() -> None:
    start = time.perf_counter()
    import inflect

    inflect_import = time.perf_counter() - start
    start = time.perf_counter()
    import lemminflect

    lemminflect_import = time.perf_counter() - start
    version = getattr(inflect, "__version__", None) or _version("inflect")
    print(
        f"import: inflect {version} {inflect_import:.3f} s, lemminflect {lemminflect_import:.3f} s"
    )

    engine = inflect.engine()

    def inflect_singular(word: str) -> str:
        found = engine.singular_noun(word)
        return found if found else word

    def inflect_plural(word: str) -> str:
        return engine.plural_noun(word)

    def lemm_singular(word: str) -> str:
        found = lemminflect.getLemma(word, upos="NOUN")
        return found[0] if found else word

    def lemm_plural(word: str) -> str:
        found = lemminflect.getInflection(word, tag="NNS")
        return found[0] if found else word

    lemm_singular("warm")  # load lemminflect's tables before timing
    singulars = PLURAL_TO_SINGULAR
    plurals = {v: k for k, v in singulars.items()}
    print(f"{len(singulars)} council nouns")
    for label, to_one, to_many in (
        ("inflect", inflect_singular, inflect_plural),
        ("lemminflect", lemm_singular, lemm_plural),
    ):
        start = time.perf_counter()
        one = [w for w, s in singulars.items() if to_one(w) != s]
        many = [w for w, p in plurals.items() if to_many(w) != p]
        per_word = (time.perf_counter() - start) / (2 * len(singulars)) * 1e6
        print(
            f"  {label:<12} singular {len(singulars) - len(one)}/{len(singulars)}  "
            f"plural {len(plurals) - len(many)}/{len(plurals)}  {per_word:6.1f} us/word"
        )
        print(f"  {'':<12} wrong: {', '.join(one + many)}")
    print("articles (inflect only; lemminflect has none):")
    print("  " + "; ".join(engine.a(w) for w in ("hour", "EHCP", "unit", "LGSR", "one-off")))


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    main()
