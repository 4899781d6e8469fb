"""Score the extractor against gold annotations: dev, the blind split, leave-one-council-out.

    python benchmarks/accuracy.py [CORPUS] [--gate] [--no-loco] [--per-doc] [--misses]
                                  [--speed] [--links] [--scorer PATH]

CORPUS is the repo's corpus/ by default (dev/ and real/, split.py, blind.txt): three results
are printed, each with F1, role, indicator and assessment accuracy and a role confusion
matrix: dev (trained on: an upper bound), the blind split (never trained or tuned on; models
as shipped), and leave-one-council-out over the non-blind councils (models retrained without
each council in turn, with the shipped settings). With --gate it exits 1 when the blind split
falls below its floors (BLIND_GATE). Any other folder of NAME.txt + NAME.gold.json (such as
../shared/corpus/dev) is scored as one result with the shipped models. --misses lists each
miss and wrong label, for dev and non-blind minutes only: blind minutes are never read.
--speed reports words per CPU second of the whole extractor (best of 5 runs, warm).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# floors for a plain folder (the dev corpus, tuned on)
GATE = {"f1": 0.95, "role_accuracy": 0.90, "indicator_accuracy": 0.80, "assessment_accuracy": 0.85}
# floors for the blind split: just under what the shipped models reach, so that a change that
# loses accuracy on councils never read fails CI (the targets are printed beside them)
BLIND_GATE = {
    "f1": 0.82,
    "role_accuracy": 0.66,
    "indicator_accuracy": 0.89,
    "assessment_accuracy": 0.57,
}  # December 3, session 5, after 21 more minutes (11 blind) joined the corpus and the models
# were retrained on it: F1 0.836, role 0.674, indicator 0.910, assessment 0.584 (a larger blind
# split of short finance decisions; session 4's 45 minutes gave 0.869 / 0.692 / 0.908 / 0.595)
BLIND_TARGET = {
    "f1": 0.96,
    "role_accuracy": 0.90,
    "indicator_accuracy": 0.88,
    "assessment_accuracy": 0.80,
}
REPO_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def load_scorer(path: Path) -> Any:
    """Import the corpus's score_extract.py as a module."""
    if not path.is_file():
        raise SystemExit(f"accuracy: scorer not found: {path} (give --scorer PATH)")
    spec = importlib.util.spec_from_file_location("score_extract", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documents(corpus: Path) -> list[tuple[str, str]]:
    """(name, text) of each NAME.txt that has a NAME.gold.json beside it."""
    pairs = []
    for gold in sorted(corpus.glob("*.gold.json")):
        text_file = gold.with_name(gold.name[: -len(".gold.json")] + ".txt")
        if text_file.is_file():
            pairs.append((str(text_file), text_file.read_text(encoding="utf-8")))
    return pairs


def run(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Figures of every document as dicts."""
    from minutegen.extract.pipeline import extract_docs

    return [f.to_dict() for figures in extract_docs(pairs) for f in figures]


def speed(pairs: list[tuple[str, str]], *, repeat: int = 5, runs: int = 5) -> tuple[int, float]:
    """(words, CPU seconds) to extract the corpus `repeat` times in this process, once warm:
    the best of `runs` timings.

    CPU time of this process and the best run, not wall time or the mean: the machines this
    runs on are shared, and another job's load is not the extractor's speed.
    """
    from minutegen.extract.pipeline import extract_docs

    for _ in extract_docs(pairs):  # warm: pipeline built, catalogue and rules loaded
        pass
    words = sum(len(text.split()) for _, text in pairs) * repeat
    best = float("inf")
    for _ in range(runs):
        began = time.process_time()
        for _ in extract_docs(pairs * repeat):
            pass
        best = min(best, time.process_time() - began)
    return words, best


AUDIT_TITLE = (
    "corpus/audit (councils new to the corpus, never trained or tuned on; their numbers were "
    "read by the December audit)"
)


def print_misses(
    corpus: Path, rows: list[dict[str, Any]], scorer: Any, skip: set[str] | None = None
) -> None:
    """Each document's unpaired gold figures, spurious predictions and wrong labels (never a
    document of a council in `skip`: the blind split is not read)."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_doc.setdefault(scorer.stem(row["document"]), []).append(row)
    for gold_file in sorted(corpus.glob("*.gold.json")):
        name = scorer.stem(gold_file.name)
        data = json.loads(gold_file.read_text(encoding="utf-8"))
        if skip and (data.get("council") or name.split("-")[0]) in skip:
            continue
        gold = data["figures"]
        preds = by_doc.get(name, [])
        pairs = scorer.pair(gold, preds)
        paired_gold = {id(g) for g, _ in pairs}
        paired_pred = {id(p) for _, p in pairs}
        lines = []
        for g in gold:
            if id(g) not in paired_gold:
                lines.append(f"  MISSED  {g['text']!r} {g['value']} {g['unit']} ({g['role']})")
        for p in preds:
            if id(p) not in paired_pred:
                lines.append(f"  EXTRA   {p['text']!r} {p['value']} {p['unit']} ({p['role']})")
        for g, p in pairs:
            notes = []
            if g["role"] != p.get("role"):
                notes.append(f"role {p.get('role')} != {g['role']}")
            if (
                g["role"] != "other"
                and scorer.similarity(g.get("indicator") or "", p.get("indicator") or "")
                < scorer.INDICATOR_OK
            ):
                notes.append(f"ind {p.get('indicator')!r} vs {g.get('indicator')!r}")
            if g["role"] == "actual" and g.get("assessment") != p.get("assessment"):
                notes.append(f"assess {p.get('assessment')} != {g.get('assessment')}")
            if notes:
                lines.append(f"  WRONG   {g['text']!r}: " + "; ".join(notes))
        if lines:
            print(name)
            print("\n".join(lines))


def link_precision(rows: list[dict[str, Any]]) -> None:
    """How many names linked to a catalogue id, and the pairs, for judging by eye."""
    linked = [r for r in rows if r.get("indicator_id")]
    named = [r for r in rows if r.get("indicator") and r["role"] != "other"]
    print(f"linked {len(linked)} of {len(named)} named figures to a catalogue id")
    for r in linked:
        print(f"  {r['indicator_id']:28} <- {r['indicator']}")


def split_report(args: argparse.Namespace) -> int:
    """Dev, blind and leave-one-council-out results for the repo's corpus."""
    from minutegen.extract import decide
    from minutegen.train.core import (
        Folds,
        load_corpus,
        report,
        run,
        score_runs,
        shipped_settings,
    )

    corpus = load_corpus(args.corpus)
    score = load_scorer(args.scorer or args.corpus / "score_extract.py")
    role, assessment = decide.model("role"), decide.model("assessment")
    dev = corpus.folder("dev")
    dev_runs = run(dev, role=role, assessment=assessment)
    print(report("dev (tuned on: an upper bound)", score_runs(dev, dev_runs, score)))
    blind = corpus.of(corpus.councils(blind=True))
    summary: dict[str, Any] = {}
    if blind:
        scores = score_runs(blind, run(blind, role=role, assessment=assessment), score)
        summary = scores.summary
        print(report("blind split (never trained or tuned on)", scores))
        print(
            "  targets: "
            + "  ".join(f"{k.split('_')[0]} {v}" for k, v in BLIND_TARGET.items())
            + "   (missed: "
            + (", ".join(k for k, v in BLIND_TARGET.items() if summary[k] < v) or "none")
            + ")"
        )
    audit = corpus.folder("audit")
    if audit:
        scores = score_runs(audit, run(audit, role=role, assessment=assessment), score)
        print(report(AUDIT_TITLE, scores))
    if not args.no_loco:
        settings = shipped_settings(role, assessment)
        folds = Folds(corpus, corpus.councils(blind=False), score)
        print(report("leave-one-council-out (non-blind councils)", folds.scores(settings)))
        print(
            report(
                "leave-one-council-out, corpus/real alone (councils new to the rules)",
                folds.scores(settings, folder="real"),
            )
        )
    if args.misses:
        seen = [d for d in corpus.documents if d.council not in corpus.blind]
        rows = [
            f.to_dict() for figs in run(seen, role=role, assessment=assessment) for f, _ in figs
        ]
        for folder in ("dev", "real", "audit"):
            if not (args.corpus / folder).is_dir():
                continue
            print_misses(args.corpus / folder, rows, score, skip=corpus.blind)
    if args.gate:
        if not summary:
            print("GATE FAILED: no blind split in the corpus", file=sys.stderr)
            return 1
        failed = [f"{k} {summary[k]} < {v}" for k, v in BLIND_GATE.items() if summary[k] < v]
        if failed:
            print("GATE FAILED (blind split): " + "; ".join(failed), file=sys.stderr)
            return 1
        print("blind gate passed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus",
        type=Path,
        nargs="?",
        default=REPO_CORPUS,
        help="the repo's corpus/ (default), or a folder of NAME.txt + .gold.json",
    )
    parser.add_argument("--scorer", type=Path, help="score_extract.py (default: beside CORPUS)")
    parser.add_argument("--per-doc", action="store_true", help="list each document's counts")
    parser.add_argument("--gate", action="store_true", help="exit 1 below the accuracy gate")
    parser.add_argument("--no-loco", action="store_true", help="skip leave-one-council-out")
    parser.add_argument("--misses", action="store_true", help="list every miss and wrong label")
    parser.add_argument("--speed", action="store_true", help="report words per second")
    parser.add_argument("--links", action="store_true", help="list catalogue links")
    args = parser.parse_args(argv)

    if (args.corpus / "split.py").is_file():
        return split_report(args)
    corpus = args.corpus
    scorer = load_scorer(args.scorer or corpus.parent / "score_extract.py")
    pairs = documents(corpus)
    if not pairs:
        print(f"accuracy: no NAME.txt + NAME.gold.json pairs in {corpus}", file=sys.stderr)
        return 2
    rows = run(pairs)
    with tempfile.TemporaryDirectory() as tmp:
        predictions = Path(tmp) / "predictions.jsonl"
        predictions.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
        summary, per_doc = scorer.score(corpus, predictions)
    if args.per_doc:
        print(f"{'document':40} gold pred pair role ind  act asmt")
        for name, c in per_doc.items():
            print(
                f"{name:40} {c['gold']:4} {c['predicted']:4} {c['paired']:4} {c['role_ok']:4} "
                f"{c['indicator_ok']:3}/{c['named']:<3} {c['assessment_ok']:3}/{c['actuals']:<3}"
            )
    if args.misses:
        print_misses(corpus, rows, scorer)
    if args.links:
        link_precision(rows)
    for key, value in summary.items():
        print(f"{key:22} {value}")
    if args.speed:
        words, seconds = speed(pairs)
        rate = f"{words / seconds:,.0f} ({words} words, {seconds:.2f} s CPU)"
        print(f"{'words_per_second':22} {rate}")
    if args.gate:
        failed = [f"{k} {summary[k]} < {v}" for k, v in GATE.items() if summary[k] < v]
        if failed:
            print("GATE FAILED: " + "; ".join(failed), file=sys.stderr)
            return 1
        print("gate passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
