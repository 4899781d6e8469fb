"""The trained models that weigh the rules' evidence: loading, deciding, explaining, training.

Training runs for real on minutes of the repo's corpus copied to a temporary folder (a few
minutes from two councils), so the one command a maintainer runs is the one tested.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from minutegen.cli import app
from minutegen.extract import decide
from minutegen.extract.decide import LinearModel
from minutegen.extract.pipeline import extract_figures
from minutegen.model import ROLES
from minutegen.train.core import fit
from minutegen.train.lbfgs import softmax_regression

REPO = Path(__file__).resolve().parent.parent


def test_the_packaged_models_load_and_name_every_class() -> None:
    role, assessment = decide.model("role"), decide.model("assessment")
    assert role is not None and assessment is not None
    assert set(role.classes) <= set(ROLES) and "actual" in role.classes
    assert set(assessment.classes) == {"positive", "negative", "neutral"}
    assert role.meta["examples"] > 300  # trained on the corpus, not on a handful


def test_a_linear_model_adds_the_weights_of_the_features_present() -> None:
    model = LinearModel(
        ("actual", "target"),
        {"lex_b:aim": (-2.0, 2.0), "unit:percent": (0.5, 0.0)},
        (0.1, 0.0),
        {},
    )
    assert model.scores(["unit:percent"]) == [0.6, 0.0]
    label, probability, pushes = model.predict(["lex_b:aim", "unit:percent", "unknown"])
    assert label == "target" and probability > 0.9
    assert pushes == ["lex_b:aim"]  # the feature that carried the decision, nothing else


def test_a_strong_rule_keeps_its_answer_unless_the_model_is_surer_than_the_override() -> None:
    weights = {"x": (0.0, 1.0)}  # the model leans to "target" with p = 0.73
    lenient = LinearModel(("actual", "target"), weights, (0.0, 0.0), {"override": 0.0})
    strict = LinearModel(("actual", "target"), weights, (0.0, 0.0), {"override": 0.9})
    assert lenient.decide(["x"], "actual", strong=True)[0] == "target"
    assert strict.decide(["x"], "actual", strong=True)[0] == "actual"
    assert strict.decide(["x"], "actual", strong=False)[0] == "target"


def test_using_swaps_a_model_in_and_restores_the_packaged_one() -> None:
    packaged = decide.model("role")
    always_other = LinearModel(("other",), {}, (0.0,), {})
    text = "The rate of re-referrals was 22.4 per cent, above the target of 18 per cent."
    with decide.using(role=always_other):
        assert {f.role for f in extract_figures(text)} == {"other"}
    assert decide.model("role") is packaged
    assert [f.role for f in extract_figures(text)] == ["actual", "target"]


def test_lbfgs_fits_a_separable_problem_and_matches_its_penalty() -> None:
    rows = [[0], [0], [1], [1], [0, 2], [1, 2]]
    y = np.array([0, 0, 1, 1, 0, 1])
    coef, bias = softmax_regression(rows, y, n_features=3, n_classes=2, c=10.0)
    predicted = [int(np.argmax(coef[r].sum(axis=0) + bias)) for r in rows]
    assert predicted == y.tolist()
    weak, _ = softmax_regression(rows, y, n_features=3, n_classes=2, c=0.01)
    assert np.abs(weak).max() < np.abs(coef).max()  # a smaller C shrinks the weights


def test_fit_drops_features_seen_once_and_keeps_the_examples_count() -> None:
    data = [(["a", "rare"], "actual", "x"), (["a"], "actual", "y"), (["b"], "other", "x"),
            (["b"], "other", "y")]  # fmt: skip
    model = fit(data, 1.0, "role", override=0.5)
    assert "rare" not in model.weights and "a" in model.weights
    assert model.meta["examples"] == 4 and model.meta["override"] == 0.5
    assert model.predict(["a"])[0] == "actual" and model.predict(["b"])[0] == "other"


def test_extract_evidence_says_what_decided_each_figure(tmp_path: Path) -> None:
    minute = tmp_path / "minute.txt"
    minute.write_text(
        "The rate of re-referrals was 22.4 per cent, above the target of 18 per cent, "
        "which was a concern.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", str(minute), "--format", "jsonl", "--evidence"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["role"] for r in records] == ["actual", "target"]
    assert records[0]["evidence"][0].startswith("role actual: ")
    assert records[0]["evidence"][1].startswith("assessment negative: ")
    assert records[1]["evidence"] == [records[1]["evidence"][0]]  # a target has no assessment
    plain = CliRunner().invoke(app, ["extract", str(minute), "--format", "jsonl"])
    assert "evidence" not in json.loads(plain.stdout.splitlines()[0])


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Four real minutes of two councils, with the repo's scorer and split rule."""
    root = tmp_path / "corpus"
    (root / "dev").mkdir(parents=True)
    for name in ("darlington-cyp-2020q2", "darlington-cyp-2020q3", "slough-sickness-2013nov",
                 "slough-sickness-2014apr"):  # fmt: skip
        for suffix in (".txt", ".gold.json"):
            shutil.copy(REPO / "corpus" / "dev" / (name + suffix), root / "dev")
    for helper in ("split.py", "score_extract.py"):
        shutil.copy(REPO / "corpus" / helper, root)
    return root


def test_the_train_command_trains_and_prints_dev_and_leave_one_council_out(
    small_corpus: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "minutegen.train", "--corpus", str(small_corpus), "--no-write"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "training on 4 minutes from 2 councils" in done.stderr
    assert "dev (trained on: an upper bound): 4 minutes, 2 councils" in done.stdout
    assert "leave-one-council-out (non-blind councils): 4 minutes, 2 councils" in done.stdout
    assert "role confusion" in done.stdout


def test_every_rule_signal_is_kept_as_evidence_not_only_the_first() -> None:
    from minutegen.extract.pipeline import _make_doc, annotations, get_nlp

    nlp = get_nlp()
    text = (
        "Members asked why sickness absence had risen. Absence was 9.4 days per FTE, "
        "above the target of 8.5 days and up from 8.9 days last year."
    )
    doc = nlp(_make_doc(nlp, text))
    actual = next(n for n in annotations(doc) if n["role"] == "actual")
    feats = set(actual["assessment_features"])
    # the target comparison and the earlier value both speak, read as less-is-better, and
    # the member's question in the sentence before is there too
    assert "target:negative" in feats
    assert "previous:worse" in feats
    assert "asked:before" in feats
    assert "polarity:lower" in feats


def test_a_held_out_fold_is_trained_without_its_council(small_corpus: Path) -> None:
    """`check_mutations --loco` checks each council with the models its accuracy fold uses:
    they must learn nothing from that council's own minutes."""
    from minutegen.train.__main__ import SETTINGS
    from minutegen.train.core import Folds, load_corpus, scorer

    corpus = load_corpus(small_corpus)
    folds = Folds(corpus, corpus.councils(blind=False), scorer(small_corpus))
    slough = sum(1 for _, _, council in folds.role_data if council == "slough")
    darlington = len(folds.role_data) - slough
    assert slough and darlington
    held = folds.held_out("slough", SETTINGS)
    assert held.role.meta["examples"] == darlington
    assert held.role.meta["override"] == SETTINGS.override_role
    assert held.assessment.meta["override"] == SETTINGS.override_assessment
    assert folds.held_out("darlington", SETTINGS).role.meta["examples"] == slough
