"""The trained model that weighs the rules' evidence: a figure's role and its assessment.

Two multinomial logistic regressions over the feature strings of `evidence.py`, trained by
`python -m minutegen.train` from the annotated corpus in the repo. Their weights ship in the
package (`minutegen/extract/models/*.json`) and are read with the standard library; scoring a
figure is a sum of a few dozen weight rows, so no learning library is needed at run time.
Without weights the rules' own decision stands.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

TOP_EVIDENCE = 3  # features listed on a record as the evidence that carried its decision


@dataclass(frozen=True)
class LinearModel:
    """A multinomial logistic regression over binary features, with its classes."""

    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per class
    bias: tuple[float, ...]
    meta: dict[str, Any]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        classes = tuple(data["classes"])
        weights = {f: tuple(float(x) for x in w) for f, w in data["weights"].items()}
        return cls(classes, weights, tuple(float(b) for b in data["bias"]), data.get("meta", {}))

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "bias": [round(b, 6) for b in self.bias],
            "weights": {f: [round(x, 6) for x in w] for f, w in sorted(self.weights.items())},
            "meta": self.meta,
        }

    @property
    def _matrix(self) -> tuple[dict[str, int], Any, Any, list[str]]:
        """Feature -> row, the weights as a matrix, and each row less its mean (cached):
        scoring a figure is one gather and one sum."""
        cached = self.__dict__.get("_cached_matrix")
        if cached is None:
            import numpy as np

            names = list(self.weights)
            matrix = np.array([self.weights[f] for f in names], dtype=float).reshape(
                len(names), len(self.classes)
            )
            centred = matrix - matrix.mean(axis=1, keepdims=True)
            cached = ({f: i for i, f in enumerate(names)}, matrix, centred, names)
            object.__setattr__(self, "_cached_matrix", cached)
        return cached

    @property
    def _centred_columns(self) -> tuple[list[list[float]], int]:
        """Per class, each feature's weight less the feature's mean, as plain lists, and the
        row of "bias" (-1 if none), cached: how hard each feature pushes towards that class,
        read when explaining a decision (the bias explains nothing)."""
        cached = self.__dict__.get("_cached_centred")
        if cached is None:
            names = self._matrix[3]
            cached = (self._matrix[2].T.tolist(), names.index("bias") if "bias" in names else -1)
            object.__setattr__(self, "_cached_centred", cached)
        return cached

    def _totals(self, features: Sequence[Sequence[str]]) -> tuple[list[list[int]], Any]:
        """Each figure's weight rows and class scores, for all figures at once: one gather
        and one sum, since per-figure numpy calls cost more than the arithmetic."""
        import numpy as np

        index, matrix, _, _ = self._matrix
        get = index.get
        rows = []
        for feats in features:
            known = set(map(get, feats))  # unknown features map to None, dropped here
            known.discard(None)
            rows.append(sorted(known))
        totals = np.tile(np.asarray(self.bias, dtype=float), (len(rows), 1))
        flat = [r for group in rows for r in group]
        if flat:
            starts = np.cumsum([0] + [len(group) for group in rows[:-1]])
            summed = np.add.reduceat(matrix[flat], starts, axis=0)
            filled = np.array([bool(group) for group in rows])
            totals[filled] += summed[filled]
        return rows, totals

    def scores(self, features: Sequence[str]) -> list[float]:
        """The class scores (log-odds up to a constant) of one figure's features."""
        return [float(x) for x in self._totals([features])[1][0]]

    def predict(self, features: Sequence[str]) -> tuple[str, float, list[str]]:
        """(class, probability, the features that pushed hardest towards it)."""
        label, probability, pushes = self._decided([features])[0]
        return label, probability, pushes

    def _decided(self, features: Sequence[Sequence[str]]) -> list[tuple[str, float, list[str]]]:
        """(class, probability, the features that pushed hardest towards it) of each figure."""
        import numpy as np

        if not features:
            return []
        rows, totals = self._totals(features)
        best = totals.argmax(axis=1)
        probability = 1.0 / np.exp(totals - totals.max(axis=1, keepdims=True)).sum(axis=1)
        names = self._matrix[3]
        columns, no_bias = self._centred_columns
        out = []
        for k, group in enumerate(rows):
            b = int(best[k])
            push = columns[b]
            # the strongest positive pushes, ties to the later feature (rows are distinct, so
            # the order is total); for a few dozen features a C sort beats heapq.nlargest
            ranked = sorted(
                [(w, g) for g in group if (w := push[g]) > 0 and g != no_bias], reverse=True
            )[:TOP_EVIDENCE]
            out.append((self.classes[b], float(probability[k]), [names[g] for _, g in ranked]))
        return out

    def decide_many(
        self, features: Sequence[Sequence[str]], ruled: Sequence[str], strong: Sequence[bool]
    ) -> list[tuple[str, float, list[str]]]:
        """Each figure's class, except that a strong rule (an explicit cue or judging word)
        keeps its own answer unless the model is surer than `meta["override"]` (chosen by
        leave-one-council-out at training); with the model's probability for its own best
        class and the evidence that carried the decision."""
        override = float(self.meta.get("override", 0.0))
        out = []
        for (label, probability, pushes), rule, sure in zip(
            self._decided(features), ruled, strong, strict=True
        ):
            if sure and label != rule and probability < override:
                out.append((rule, probability, ["rules: " + rule]))
            else:
                out.append((label, probability, pushes))
        return out

    def decide(
        self, features: Sequence[str], ruled: str, strong: bool
    ) -> tuple[str, float, list[str]]:
        """`decide_many` for one figure."""
        return self.decide_many([features], [ruled], [strong])[0]


_OVERRIDE: dict[str, LinearModel | None] = {}


@cache
def _packaged(name: str) -> LinearModel | None:
    try:
        text = resources.files("minutegen.extract").joinpath("models", f"{name}.json").read_text()
    except (FileNotFoundError, OSError):
        return None
    return LinearModel.from_dict(json.loads(text))


def model(name: str) -> LinearModel | None:
    """The model in use for `name` ("role" or "assessment"): one set by `using`, else the
    packaged weights, else None (the rules decide)."""
    if name in _OVERRIDE:
        return _OVERRIDE[name]
    return _packaged(name)


@contextmanager
def using(**models: LinearModel | None) -> Iterator[None]:
    """Decide with these models (None: the rules alone) inside the block: training and
    cross-validation swap models in without touching the packaged files."""
    saved = {name: _OVERRIDE[name] for name in models if name in _OVERRIDE}
    _OVERRIDE.update(models)
    try:
        yield
    finally:
        for name in models:
            _OVERRIDE.pop(name, None)
        _OVERRIDE.update(saved)
