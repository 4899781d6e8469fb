"""How far two careful annotators agree, beside how far the extractor agrees with the gold.

    python benchmarks/agreement.py [--corpus corpus]

corpus/second/ holds a second, independent annotation of 38 minutes of corpus/real (22 drawn
by hash; 16 of the December minutes from open councils with three or more figures), annotated
from the text and SCHEMA.md alone, without seeing the gold or the extractor's output. The gold
is scored against the second annotator exactly as the extractor is scored against the gold
(figures paired by value and unit; role agreement over pairs, assessment agreement over gold
actuals): the ceiling any extractor can be expected to reach. Beside it, the extractor on the
same minutes, each scored by models that never saw its council (leave-one-council-out for non-
blind councils, the shipped models for blind ones).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from minutegen.extract import decide
from minutegen.train.core import Folds, load_corpus, merge, run, scorer, shipped_settings

HERE = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    args = parser.parse_args(argv)
    corpus = load_corpus(args.corpus)
    score = scorer(args.corpus)
    second = {p.name[: -len(".gold.json")]: p for p in (args.corpus / "second").glob("*.gold.json")}
    docs = [d for d in corpus.documents if d.folder == "real" and d.name in second]
    if not docs:
        print("agreement: no second annotations in corpus/second", file=sys.stderr)
        return 2
    totals = {"paired": 0, "gold": 0, "second": 0, "role_ok": 0, "actuals": 0, "assess_ok": 0}
    for d in docs:
        other = json.loads(second[d.name].read_text(encoding="utf-8"))["figures"]
        pairs = score.pair(d.gold, other)
        totals["gold"] += len(d.gold)
        totals["second"] += len(other)
        totals["paired"] += len(pairs)
        totals["role_ok"] += sum(g["role"] == s["role"] for g, s in pairs)
        totals["actuals"] += sum(g["role"] == "actual" for g, _ in pairs)
        totals["assess_ok"] += sum(
            g["role"] == "actual" and g.get("assessment") == s.get("assessment") for g, s in pairs
        )
    p, r = totals["paired"] / totals["second"], totals["paired"] / totals["gold"]
    print(
        f"second annotator vs gold: {len(docs)} minutes, {totals['gold']} gold figures, "
        f"{totals['second']} second-annotator figures"
    )
    print(
        f"  figures found by both F1 {2 * p * r / (p + r):.3f}  "
        f"role {totals['role_ok'] / totals['paired']:.3f}  "
        f"assessment {totals['assess_ok'] / max(1, totals['actuals']):.3f}"
    )
    role, assessment = decide.model("role"), decide.model("assessment")
    settings = shipped_settings(role, assessment)
    blind = [d for d in docs if d.council in corpus.blind]
    parts = [(blind, run(blind, role=role, assessment=assessment))] if blind else []
    seen = sorted({d.council for d in docs if d.council not in corpus.blind})
    if seen:
        folds = Folds(corpus, corpus.councils(blind=False), score)
        for held, runs in folds.parts(settings):
            keep = [(d, r) for d, r in zip(held, runs, strict=True) if d in docs]
            if keep:
                parts.append(([d for d, _ in keep], [r for _, r in keep]))
    s = merge(parts, score).summary
    print("extractor vs gold on the same minutes (models that never saw the council):")
    print(
        f"  F1 {s['f1']:.3f}  role {s['role_accuracy']:.3f}  "
        f"assessment {s['assessment_accuracy']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
