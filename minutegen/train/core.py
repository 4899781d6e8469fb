"""Train the role and assessment models from the annotated corpus, and measure them honestly.

The corpus (`corpus/` in the repo: `dev/` and `real/`, each NAME.txt beside NAME.gold.json)
is split by council. Blind councils (`corpus/blind.txt`) are never trained or tuned on: they
are only scored, with models trained on every other council. Settings are chosen by
leave-one-council-out (LOCO) over the non-blind councils: each council is scored by models
trained without it.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..extract import decide
from ..extract.decide import LinearModel
from ..model import ROLES

ASSESSMENTS: tuple[str, ...] = ("positive", "negative", "neutral")
# corpus/dev (tuned on), corpus/real (collected; its blind councils kept apart), corpus/audit
# (real minutes of councils new to the corpus, read by the December number audit before they
# were annotated: never blind, never trained on, measured apart)
FOLDERS: tuple[str, ...] = ("dev", "real", "audit")
MIN_COUNT = 2  # a feature seen fewer times in training gets no weight
# ... or seen in fewer councils: one council's wording says nothing of the next council's
# (leave-one-council-out, December 3: 1 / 2 / 3 councils gave assessment 0.779 / 0.783 /
# 0.775, role 0.860 / 0.860 / 0.858)
MIN_COUNCILS = 2
GRID: tuple[float, ...] = (0.1, 0.3, 1.0, 3.0)  # inverse regularisation strengths tried
# how sure the model must be to overrule an explicit rule (0: always; above 1: never)
OVERRIDES: tuple[float, ...] = (0.0, 0.7, 0.9, 1.01)


@dataclass
class Document:
    """One annotated minute."""

    name: str
    council: str
    text: str
    gold: list[dict[str, Any]]
    folder: str  # "dev", "real" or "audit"


@dataclass
class Corpus:
    """The annotated minutes of the repo's corpus, and which councils are blind."""

    root: Path
    documents: list[Document]
    blind: set[str] = field(default_factory=set)

    def councils(self, *, blind: bool) -> list[str]:
        """The blind councils, or the councils models train and are tuned on (corpus/audit's
        are neither: they are measured apart)."""
        return sorted(
            {
                d.council
                for d in self.documents
                if (d.council in self.blind) == blind and d.folder != "audit"
            }
        )

    def of(self, councils: Iterable[str]) -> list[Document]:
        wanted = set(councils)
        return [d for d in self.documents if d.council in wanted]

    def folder(self, name: str) -> list[Document]:
        return [d for d in self.documents if d.folder == name]


def _module(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"train: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_corpus(root: Path) -> Corpus:
    """Every NAME.txt with a NAME.gold.json under root/dev and root/real."""
    split = _module(root / "split.py", "corpus_split")
    documents = []
    for folder in FOLDERS:
        for gold_path in sorted((root / folder).glob("*.gold.json")):
            text_path = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")
            if not text_path.is_file():
                continue
            data = json.loads(gold_path.read_text(encoding="utf-8"))
            documents.append(
                Document(
                    name=text_path.stem,
                    council=split.council_of(gold_path),
                    text=text_path.read_text(encoding="utf-8"),
                    gold=data["figures"],
                    folder=folder,
                )
            )
    blind = set(split.blind_councils()) if (root / "real").is_dir() else set()
    return Corpus(root, documents, blind)


def scorer(root: Path) -> Any:
    """The corpus scorer (root/score_extract.py) as a module."""
    return _module(root / "score_extract.py", "score_extract")


# --- running the extractor ------------------------------------------------------------------


Run = list[list[tuple[Any, dict[str, Any]]]]  # per document: (Figure, notes) pairs


def run(
    documents: Sequence[Document],
    *,
    role: LinearModel | None,
    assessment: LinearModel | None,
) -> Run:
    """The extractor's figures and notes for each document, deciding with these models."""
    from ..extract.pipeline import extract_with_evidence

    with decide.using(role=role, assessment=assessment):
        return list(extract_with_evidence((d.name, d.text) for d in documents))


def _pairs(gold: list[dict[str, Any]], found: list[tuple[Any, dict[str, Any]]], score: Any):
    """Gold figures paired in order with the first unused prediction of the same number."""
    used: set[int] = set()
    for g in gold:
        for i, (figure, note) in enumerate(found):
            if i not in used and score.same_number(g, {"value": figure.value, "unit": figure.unit}):
                used.add(i)
                yield g, figure, note
                break


def examples(
    documents: Sequence[Document], runs: Run, score: Any
) -> tuple[list[tuple[list[str], str, str]], list[tuple[list[str], str, str]]]:
    """(features, gold label, council) for roles (every paired figure) and assessments
    (paired figures that are actual in the gold and were read as actual)."""
    roles, judged = [], []
    for doc, found in zip(documents, runs, strict=True):
        for g, _, note in _pairs(doc.gold, found, score):
            roles.append((note["role_features"], g["role"], doc.council))
            feats = note.get("assessment_features")
            if g["role"] == "actual" and feats is not None and g.get("assessment"):
                judged.append((feats, g["assessment"], doc.council))
    return roles, judged


# --- fitting ----------------------------------------------------------------------------------


def council_weights(data: Sequence[tuple[list[str], str, str]]) -> Any:
    """One weight per example so that every council weighs the same in the fit (the mean
    weight stays 1, so C keeps its meaning). The model is for councils it has never read: a
    council with many annotated figures (Darlington's quarters) must not teach its own house
    style as the rule. Chosen by leave-one-council-out on December 3 (role 0.852 -> 0.860,
    assessment 0.771 -> 0.779 unweighted -> weighted; half-way weights gave 0.856, 0.771)."""
    import numpy as np

    per_council = Counter(council for _, _, council in data)
    mean = len(data) / max(1, len(per_council))
    return np.array([mean / per_council[council] for _, _, council in data])


def fit(
    data: Sequence[tuple[list[str], str, str]], c: float, name: str, override: float = 0.0
) -> LinearModel:
    """A multinomial logistic regression on binary features, as plain weights.

    Fitted with numpy alone (`lbfgs.py`): scikit-learn in the same environment breaks
    quantulum3's pickled classifier, which the benchmarks run beside us.
    """
    import numpy as np

    from .lbfgs import softmax_regression

    counts = Counter(f for feats, _, _ in data for f in set(feats))
    where: dict[str, set[str]] = {}
    for feats, _, council in data:
        for f in feats:
            where.setdefault(f, set()).add(council)
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT and len(where[f]) >= MIN_COUNCILS)
    index = {f: i for i, f in enumerate(vocab)}
    labels = sorted({label for _, label, _ in data})
    if len(labels) < 2:
        meta = {"name": name, "override": override}
        return LinearModel(tuple(labels), {}, (0.0,) * len(labels), meta)
    rows = [sorted({index[f] for f in feats if f in index}) for feats, _, _ in data]
    y = np.array([labels.index(label) for _, label, _ in data])
    coef, bias = softmax_regression(
        rows, y, n_features=len(vocab), n_classes=len(labels), c=c, weights=council_weights(data)
    )
    weights = {
        f: tuple(float(x) for x in coef[i])
        for f, i in index.items()
        if np.abs(coef[i]).max() > 1e-4
    }
    meta = {
        "name": name,
        "C": c,
        "override": override,
        "examples": len(data),
        "features": len(weights),
    }
    return LinearModel(tuple(labels), weights, tuple(float(b) for b in bias), meta)


# --- scoring ----------------------------------------------------------------------------------


@dataclass
class Scores:
    """The corpus scorer's summary and a role confusion matrix (gold -> predicted)."""

    summary: dict[str, Any]
    confusion: dict[str, Counter[str]]
    documents: int
    councils: int
    judged: dict[str, Counter[str]] = field(default_factory=dict)  # gold actuals' assessments


def score_runs(documents: Sequence[Document], runs: Run, score: Any) -> Scores:
    """Score figures with the corpus scorer's own pairing and measures."""
    totals: dict[str, int] = defaultdict(int)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    judged: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, found in zip(documents, runs, strict=True):
        preds = [figure.to_dict() for figure, _ in found]
        pairs = score.pair(doc.gold, preds)
        totals["gold"] += len(doc.gold)
        totals["predicted"] += len(preds)
        totals["paired"] += len(pairs)
        for g, p in pairs:
            confusion[g["role"]][p.get("role") or "-"] += 1
            totals["role_ok"] += g["role"] == p.get("role")
            named = g["role"] != "other"
            totals["named"] += named
            same_name = (
                score.similarity(g.get("indicator") or "", p.get("indicator") or "")
                >= score.INDICATOR_OK
            )
            totals["indicator_ok"] += named and same_name
            totals["actuals"] += g["role"] == "actual"
            if g["role"] == "actual":
                judged[str(g.get("assessment"))][str(p.get("assessment") or "-")] += 1
            totals["assessment_ok"] += g["role"] == "actual" and g.get("assessment") == p.get(
                "assessment"
            )
            totals["strict"] += g["role"] == p.get("role") and (not named or same_name)
    councils = len({d.council for d in documents})
    return Scores(score.summarise(totals), dict(confusion), len(documents), councils, dict(judged))


def merge(parts: Sequence[tuple[Sequence[Document], Run]], score: Any) -> Scores:
    """One score over several (documents, runs) parts (the folds of a cross-validation)."""
    documents = [d for docs, _ in parts for d in docs]
    runs = [r for _, rs in parts for r in rs]
    return score_runs(documents, runs, score)


# --- the whole procedure ----------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What training chooses: regularisation, and how sure the model must be to overrule an
    explicit rule, for each model."""

    c_role: float = 1.0
    c_assessment: float = 0.3
    override_role: float = 0.0
    override_assessment: float = 0.0


def shipped_settings(role: LinearModel | None, assessment: LinearModel | None) -> Settings:
    """The settings the shipped models were trained with (kept in their metadata), so that
    cross-validation retrains each fold the way the package's models were."""
    r = role.meta if role else {}
    a = assessment.meta if assessment else {}
    default = Settings()
    return Settings(
        c_role=float(r.get("C", default.c_role)),
        c_assessment=float(a.get("C", default.c_assessment)),
        override_role=float(r.get("override", default.override_role)),
        override_assessment=float(a.get("override", default.override_assessment)),
    )


@dataclass
class Trained:
    role: LinearModel
    assessment: LinearModel


def _with_override(model: LinearModel, override: float) -> LinearModel:
    return replace(model, meta={**model.meta, "override": override})


def train(documents: Sequence[Document], score: Any, settings: Settings) -> Trained:
    """Role model from the rules' evidence; assessment model from evidence read with the
    trained role model's roles (as at run time)."""
    role_data, _ = examples(documents, run(documents, role=None, assessment=None), score)
    role = fit(role_data, settings.c_role, "role", settings.override_role)
    _, judged = examples(documents, run(documents, role=role, assessment=None), score)
    assessment = fit(judged, settings.c_assessment, "assessment", settings.override_assessment)
    return Trained(role, assessment)


class Folds:
    """Leave-one-council-out over `councils`: each council scored by models trained on the
    others. Fitted models are cached by setting, so trying another override costs a run, not a
    fit.

    Role evidence does not depend on the models, so it is read once. Assessment evidence
    depends on the roles; it is read once with a role model trained on all `councils` (a
    small leak into the assessment folds that the blind split does not have).
    """

    def __init__(self, corpus: Corpus, councils: Sequence[str], score: Any) -> None:
        self.councils = list(councils)
        self.score = score
        self.documents = corpus.of(councils)
        self.role_data, _ = examples(
            self.documents, run(self.documents, role=None, assessment=None), score
        )
        self._judged: dict[float, list[tuple[list[str], str, str]]] = {}
        self._fits: dict[tuple[str, float, str], LinearModel] = {}

    def _fit(self, name: str, c: float, council: str, data: Any) -> LinearModel:
        key = (name, c, council)
        if key not in self._fits:
            self._fits[key] = fit([e for e in data if e[2] != council], c, name)
        return self._fits[key]

    def judged(self, c_role: float) -> list[tuple[list[str], str, str]]:
        if c_role not in self._judged:
            everyone = fit(self.role_data, c_role, "role")
            docs = self.documents
            self._judged[c_role] = examples(
                docs, run(docs, role=everyone, assessment=None), self.score
            )[1]
        return self._judged[c_role]

    def held_out(self, council: str, settings: Settings) -> Trained:
        """The models trained without `council`, as its leave-one-council-out fold reads it
        (for other measures of the same fold: `check` on that council's minutes)."""
        role = self._fit("role", settings.c_role, council, self.role_data)
        assessment = self._fit(
            "assessment", settings.c_assessment, council, self.judged(settings.c_role)
        )
        return Trained(
            _with_override(role, settings.override_role),
            _with_override(assessment, settings.override_assessment),
        )

    def parts(
        self, settings: Settings, *, progress: bool = False
    ) -> list[tuple[list[Document], Run]]:
        """Each council's minutes with the figures read by models trained without it."""
        parts = []
        for i, council in enumerate(self.councils):
            if progress:
                print(f"  fold {i + 1}/{len(self.councils)}: {council}", file=sys.stderr)
            models = self.held_out(council, settings)
            held = [d for d in self.documents if d.council == council]
            runs = run(held, role=models.role, assessment=models.assessment)
            parts.append((held, runs))
        return parts

    def scores(
        self, settings: Settings, *, progress: bool = False, folder: str | None = None
    ) -> Scores:
        """Leave-one-council-out scores (of the minutes in `folder` alone, when given)."""
        parts: list[tuple[list[Document], Run]] = self.parts(settings, progress=progress)
        if folder is not None:
            parts = [
                ([d for d in held if d.folder == folder],
                 [r for d, r in zip(held, runs, strict=True) if d.folder == folder])
                for held, runs in parts
            ]  # fmt: skip
        return merge(parts, self.score)


def _simplest_within_one_se(tried: list[tuple[Settings, float, int]], rank: Any) -> Settings:
    """The one-standard-error rule: of the settings whose accuracy is within one standard
    error of the best, the simplest (`rank` smallest first). A difference the folds cannot
    tell from noise does not buy a looser model."""
    best = max(got for _, got, _ in tried)
    n = max(count for _, _, count in tried)
    se = math.sqrt(best * (1 - best) / max(1, n))
    close = [s for s, got, _ in tried if got >= best - se]
    return min(close, key=rank)


def choose(folds: Folds, *, log: Any = None, folder: str | None = None) -> Settings:
    """Settings by leave-one-council-out over every non-blind council (or the minutes of
    `folder` alone): the role model's first (assessment depends on roles), then the
    assessment model's; each by the one-standard-error rule, simplest first (smaller C,
    then rules kept more often). All councils, not corpus/real alone: the new minutes are
    mostly short finance decisions, and choosing on them alone would fit that kind of
    minute at the expense of the performance items of corpus/dev."""
    tried: list[tuple[Settings, float, int]] = []
    for c in GRID:
        for override in OVERRIDES:
            trial = replace(Settings(), c_role=c, override_role=override)
            summary = folds.scores(trial, folder=folder).summary
            got = summary["role_accuracy"]
            if log:
                log(f"  role C={c} override={override}: LOCO role {got:.3f}")
            tried.append((trial, got, int(summary["gold_figures"])))
    chosen = _simplest_within_one_se(tried, lambda s: (s.c_role, -s.override_role))
    tried = []
    for c in GRID:
        for override in OVERRIDES:
            trial = replace(chosen, c_assessment=c, override_assessment=override)
            scores = folds.scores(trial, folder=folder)
            got = scores.summary["assessment_accuracy"]
            if log:
                log(f"  assessment C={c} override={override}: LOCO assessment {got:.3f}")
            actuals = sum(sum(row.values()) for row in scores.judged.values())
            tried.append((trial, got, actuals))
    return _simplest_within_one_se(tried, lambda s: (s.c_assessment, -s.override_assessment))


def write_models(trained: Trained, folder: Path) -> None:
    """Write the weights the package ships (minutegen/extract/models/*.json)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, model in (("role", trained.role), ("assessment", trained.assessment)):
        text = json.dumps(model.to_dict(), indent=0, sort_keys=True, ensure_ascii=False)
        (folder / f"{name}.json").write_text(text + "\n", encoding="utf-8")


def report(title: str, scores: Scores) -> str:
    """A result as printed: the four measures, then the role confusion matrix."""
    s = scores.summary
    lines = [
        f"{title}: {scores.documents} minutes, {scores.councils} councils, "
        f"{s['gold_figures']} gold figures",
        f"  F1 {s['f1']:.3f} (P {s['precision']:.3f} R {s['recall']:.3f})  "
        f"role {s['role_accuracy']:.3f}  indicator {s['indicator_accuracy']:.3f}  "
        f"assessment {s['assessment_accuracy']:.3f}  strict F1 {s['strict_f1']:.3f}",
        "  role confusion (rows gold, columns predicted):",
    ]
    cols = [*ROLES]
    lines.append("    " + " " * 10 + "".join(f"{c[:6]:>7}" for c in cols))
    for gold_role in ROLES:
        row = scores.confusion.get(gold_role, Counter())
        if not row:
            continue
        lines.append("    " + f"{gold_role:10}" + "".join(f"{row.get(c, 0):>7}" for c in cols))
    if scores.judged:
        lines.append("  assessment of gold actuals (rows gold, columns predicted; - not actual):")
        kinds = ["positive", "negative", "neutral", "-"]
        lines.append("    " + " " * 10 + "".join(f"{c[:7]:>9}" for c in kinds))
        for gold in kinds[:3]:
            row = scores.judged.get(gold, Counter())
            lines.append("    " + f"{gold:10}" + "".join(f"{row.get(c, 0):>9}" for c in kinds))
    return "\n".join(lines)
