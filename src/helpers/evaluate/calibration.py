"""Fitting a standardised, calibrated logistic regression (`annotate.calibrated.Calibrated`) with
scikit-learn: the strength chosen by cross-validated accuracy, the sigmoid fitted on
cross-validated decisions, the numbers returned as plain floats rounded for JSON."""

from __future__ import annotations

import json

import numpy as np

STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # inverse regularisation strengths tried
FOLDS = 5


def fit_calibrated(x: np.ndarray, y: np.ndarray, folds) -> tuple[dict, float, float, np.ndarray]:
    """(the model's numbers: mean, scale, coef, intercept, calibration; the strength chosen; its
    cross-validated accuracy; scikit-learn's calibrated probabilities of `x`), with `folds` the
    cross-validation splits (a splitter or a list of (train, test) index pairs)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    cv = {c: cross_val_score(make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=2000)),
                             x, y, cv=folds).mean() for c in STRENGTHS}
    strength = max(STRENGTHS, key=lambda c: (round(cv[c], 6), -c))
    scaler = StandardScaler().fit(x)
    z = scaler.transform(x)
    calibrated = CalibratedClassifierCV(LogisticRegression(C=strength, max_iter=2000), method="sigmoid",
                                        cv=folds, ensemble=False).fit(z, y)
    inner = calibrated.calibrated_classifiers_[0]
    base, sigmoid = inner.estimator, inner.calibrators[0]
    fields = {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(), "coef": base.coef_[0].tolist(),
              "intercept": float(base.intercept_[0]), "calibration": [float(sigmoid.a_), float(sigmoid.b_)]}
    return rounded(fields), strength, cv[strength], calibrated.predict_proba(z)[:, 1]


def rounded(params: dict) -> dict:
    """`params` with every float rounded to six decimals (as written to JSON)."""
    return json.loads(json.dumps(params), parse_float=lambda v: round(float(v), 6))
