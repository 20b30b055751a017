"""A standardised logistic regression with a sigmoid calibration, applied from plain numbers.

The shipped theme and relevance models are of this kind: trained with scikit-learn
(`helpers.evaluate.calibration`), written as JSON (means, scales, weights, intercept and the
sigmoid's two parameters; no pickle) and applied here with the standard library alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Calibrated:
    """The numbers of a standardised logistic regression and of its sigmoid calibration."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    calibration: tuple[float, float]  # (a, b): probability = 1 / (1 + exp(a * decision + b))

    def calibrated(self, row: list[float]) -> float:
        """The calibrated probability of a row of features (in the order the model was trained on)."""
        decision = self.intercept + sum(c * (v - m) / s for c, v, m, s in zip(self.coef, row, self.mean, self.scale))
        a, b = self.calibration
        z = a * decision + b
        return 1.0 / (1.0 + math.exp(z)) if z > -700 else 1.0


def calibrated_fields(data: dict) -> dict:
    """The fields of `Calibrated` read from a model's JSON object (KeyError, TypeError, ValueError or
    IndexError where one is missing or not a number)."""
    return {"mean": tuple(map(float, data["mean"])), "scale": tuple(map(float, data["scale"])),
            "coef": tuple(map(float, data["coef"])), "intercept": float(data["intercept"]),
            "calibration": (float(data["calibration"][0]), float(data["calibration"][1]))}
