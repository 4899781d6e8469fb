"""The blind split, by council: which councils of corpus/real are never read while developing.

    python corpus/split.py            # print the blind councils the rule picks today
    python corpus/split.py --freeze   # write corpus/blind.txt (done once, then committed)

The rule was committed before any minute of corpus/real was collected, so no choice of
councils can follow from their text: each council's slug is hashed with a fixed salt, the
councils are sorted by that hash, and the first third (rounded up) are blind. Councils of
corpus/dev were tuned on before this split existed and are never blind. Once blind.txt is
committed it is the split: councils added later are blind when their hash falls below the
largest blind hash in the frozen list, so the rule never moves a council already read.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SALT = "minutegen-blind-split-v1:"


def council_of(gold_path: Path) -> str:
    """The council slug of a gold file: its `council` field, else the name's first word."""
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    council = data.get("council") or gold_path.name.split("-")[0]
    return str(council).strip().lower()


def rank(council: str) -> str:
    """The council's place in the draw: a salted SHA-256 of its slug."""
    return hashlib.sha256((SALT + council).encode("utf-8")).hexdigest()


def councils(folder: Path = HERE / "real") -> list[str]:
    """Every council that has a gold file in `folder`, sorted by name."""
    return sorted({council_of(p) for p in folder.glob("*.gold.json")})


def draw(pool: list[str]) -> list[str]:
    """The first third (rounded up) of `pool` in hash order."""
    ordered = sorted(pool, key=rank)
    return sorted(ordered[: math.ceil(len(ordered) / 3)])


def blind_councils() -> set[str]:
    """The frozen blind councils, plus later councils whose hash falls inside the frozen range."""
    frozen_file = HERE / "blind.txt"
    if not frozen_file.is_file():
        return set(draw(councils()))
    frozen = {
        line.strip()
        for line in frozen_file.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    cutoff = max(rank(c) for c in frozen)
    return frozen | {c for c in councils() if rank(c) <= cutoff}


if __name__ == "__main__":
    chosen = draw(councils())
    if "--freeze" in sys.argv:
        (HERE / "blind.txt").write_text(
            "# Blind councils of corpus/real, drawn by corpus/split.py; not for development.\n"
            + "".join(c + "\n" for c in chosen),
            encoding="utf-8",
        )
    print("\n".join(chosen))
