"""L2-penalised logistic regression by Newton's method, shared by the tools that train the
small shipped models (tools/train_salience.py, tools/train_differ.py). numpy is a tool-only
dependency: the package scores the weights in pure Python."""
from __future__ import annotations

import numpy as np


def newton_logistic(X: np.ndarray, y: np.ndarray, penalty: np.ndarray, tol: float = 1e-8,
                    rounds: int = 50) -> np.ndarray:
    """Weights minimising the log loss + ½ Σ penalty·w² (``penalty`` per column: a bias column
    gets 0 or a tiny value); stops when no step exceeds ``tol``."""
    w = np.zeros(X.shape[1])
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-np.clip(X @ w, -30, 30)))
        grad = X.T @ (p - y) + penalty * w
        H = (X * (p * (1 - p))[:, None]).T @ X + np.diag(penalty)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < tol:
            break
    return w
