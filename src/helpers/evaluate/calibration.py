"""Fitting a standardised, calibrated logistic regression (`annotate.calibrated.Calibrated`) with
scikit-learn: the strength chosen on repeated cross-validation by the one-standard-error rule, the
sigmoid fitted on cross-validated decisions, the numbers returned as plain floats rounded for JSON.

The strength (the inverse `C` of the L2 penalty) is the strongest regularisation whose mean
cross-validated log loss is within one standard error of the lowest: the log loss varies smoothly
with the strength where the accuracy moves by whole examples, and among strengths the data cannot
tell apart the most regularised one is the least likely to fit the sample's noise. The folds are
drawn `SHUFFLES` times; the standard error is the spread of the single folds' losses over
sqrt(`FOLDS`), that of one cross-validation, since shuffles of the same examples are not
independent evidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # inverse regularisation strengths tried
FOLDS = 5
SHUFFLES = 10  # the folds are drawn this many times (seeds 0, 1, ...)


@dataclass(frozen=True)
class Choice:
    """The strength chosen and its cross-validated figures (means over every fold of every shuffle)."""

    strength: float
    log_loss: float
    accuracy: float
    best: float  # the strength with the lowest mean log loss


def choose_strength(losses: dict[float, list[float]], folds: int = FOLDS) -> float:
    """The smallest strength (strongest regularisation) whose mean loss is within one standard error
    of the lowest mean; the standard error is the lowest's fold losses' spread over sqrt(`folds`)."""
    mean = {c: float(np.mean(v)) for c, v in losses.items()}
    best = min(mean, key=lambda c: (mean[c], c))
    se = float(np.std(losses[best], ddof=1)) / np.sqrt(folds) if len(losses[best]) > 1 else 0.0
    return min(c for c in mean if mean[c] <= mean[best] + se)


def cross_validated(x: np.ndarray, y: np.ndarray, shuffles) -> tuple[dict[float, list[float]], dict[float, list[float]]]:
    """(log loss, accuracy) of every strength on every test fold of every shuffle."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    losses: dict[float, list[float]] = {c: [] for c in STRENGTHS}
    accuracy: dict[float, list[float]] = {c: [] for c in STRENGTHS}
    for folds in shuffles:
        for train, test in folds:
            for c in STRENGTHS:
                model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=2000)).fit(x[train], y[train])
                p = model.predict_proba(x[test])[:, 1]
                losses[c].append(log_loss(y[test], p, labels=[0, 1]))
                accuracy[c].append(float(np.mean((p >= 0.5) == y[test])))
    return losses, accuracy


def fit_calibrated(x: np.ndarray, y: np.ndarray, shuffles: list[list[tuple[np.ndarray, np.ndarray]]]
                   ) -> tuple[dict, Choice, np.ndarray]:
    """(the model's numbers: mean, scale, coef, intercept, calibration; the strength chosen with its
    cross-validated figures; scikit-learn's calibrated probabilities of `x`), with `shuffles` the
    cross-validation splits drawn several times (lists of (train, test) index pairs); the sigmoid is
    fitted on the decisions of the first."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    losses, accuracy = cross_validated(x, y, shuffles)
    strength = choose_strength(losses)
    best = min(STRENGTHS, key=lambda c: (float(np.mean(losses[c])), c))
    choice = Choice(strength, float(np.mean(losses[strength])), float(np.mean(accuracy[strength])), best)
    scaler = StandardScaler().fit(x)
    z = scaler.transform(x)
    calibrated = CalibratedClassifierCV(LogisticRegression(C=strength, max_iter=2000), method="sigmoid",
                                        cv=shuffles[0], ensemble=False).fit(z, y)
    inner = calibrated.calibrated_classifiers_[0]
    base, sigmoid = inner.estimator, inner.calibrators[0]
    fields = {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(), "coef": base.coef_[0].tolist(),
              "intercept": float(base.intercept_[0]), "calibration": [float(sigmoid.a_), float(sigmoid.b_)]}
    return rounded(fields), choice, calibrated.predict_proba(z)[:, 1]


def rounded(params: dict) -> dict:
    """`params` with every float rounded to six decimals (as written to JSON)."""
    return json.loads(json.dumps(params), parse_float=lambda v: round(float(v), 6))
