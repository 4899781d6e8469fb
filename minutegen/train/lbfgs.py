"""Multinomial logistic regression with an L2 penalty, fitted by L-BFGS in numpy.

The loss is scikit-learn's (C times the summed log-loss plus half the squared weights; the
intercept unpenalised), so a C means what it means there. Features are binary and sparse:
each example is the list of its active feature indices.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def softmax_regression(
    rows: Sequence[Sequence[int]],
    y: np.ndarray,
    *,
    n_features: int,
    n_classes: int,
    c: float,
    iterations: int = 500,
    memory: int = 10,
    tolerance: float = 1e-6,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(weights of shape features x classes, intercepts) minimising the penalised loss;
    `weights` (one per example, default 1) scale each example's log-loss."""
    n = len(rows)
    lengths = np.array([len(r) for r in rows])
    example = np.repeat(np.arange(n), lengths)  # example of each non-zero
    feature = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows]) if n else np.array([])
    feature = feature.astype(np.int64)
    onehot = np.zeros((n, n_classes))
    onehot[np.arange(n), y] = 1.0
    weight = np.ones((n, 1)) if weights is None else np.asarray(weights, float).reshape(n, 1)
    size = (n_features + 1) * n_classes

    def unpack(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return theta[:-n_classes].reshape(n_features, n_classes), theta[-n_classes:]

    def loss_and_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = unpack(theta)
        scores = np.zeros((n, n_classes)) + b
        np.add.at(scores, example, w[feature])
        scores -= scores.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scores).sum(axis=1, keepdims=True))
        log_p = scores - log_norm
        loss = -c * float((weight * onehot * log_p).sum()) + 0.5 * float((w * w).sum())
        residual = c * weight * (np.exp(log_p) - onehot)
        grad_w = w.copy()
        np.add.at(grad_w, feature, residual[example])
        grad_b = residual.sum(axis=0)
        return loss, np.concatenate([grad_w.ravel(), grad_b])

    theta = np.zeros(size)
    loss, grad = loss_and_grad(theta)
    s_hist: list[np.ndarray] = []
    y_hist: list[np.ndarray] = []
    for _ in range(iterations):
        # two-loop recursion: the search direction from the last `memory` steps
        q = grad.copy()
        alphas = []
        for s_k, y_k in zip(reversed(s_hist), reversed(y_hist), strict=True):
            rho = 1.0 / float(y_k @ s_k)
            alpha = rho * float(s_k @ q)
            q -= alpha * y_k
            alphas.append((rho, alpha))
        if s_hist:
            q *= float(s_hist[-1] @ y_hist[-1]) / float(y_hist[-1] @ y_hist[-1])
        for (s_k, y_k), (rho, alpha) in zip(
            zip(s_hist, y_hist, strict=True), reversed(alphas), strict=True
        ):
            beta = rho * float(y_k @ q)
            q += (alpha - beta) * s_k
        direction = -q
        slope = float(grad @ direction)
        if slope >= 0:  # not a descent direction: start again from the gradient
            s_hist.clear()
            y_hist.clear()
            direction, slope = -grad, -float(grad @ grad)
        step = 1.0 if s_hist else min(1.0, 1.0 / max(1e-12, float(np.abs(grad).sum())))
        while True:  # backtracking (Armijo) line search
            candidate = theta + step * direction
            new_loss, new_grad = loss_and_grad(candidate)
            if new_loss <= loss + 1e-4 * step * slope or step < 1e-12:
                break
            step *= 0.5
        s_hist.append(candidate - theta)
        y_hist.append(new_grad - grad)
        if float(y_hist[-1] @ s_hist[-1]) <= 1e-12:
            s_hist.pop()
            y_hist.pop()
        if len(s_hist) > memory:
            s_hist.pop(0)
            y_hist.pop(0)
        improved = loss - new_loss
        theta, loss, grad = candidate, new_loss, new_grad
        if abs(improved) <= tolerance * max(1.0, abs(loss)) or np.abs(grad).max() < tolerance:
            break
    return unpack(theta)
