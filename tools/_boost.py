"""Gradient-boosted shallow trees for a logistic loss (numpy, deterministic), for the small
shipped models that the package scores in pure Python from a JSON
(``vnnews.facts.salience.score``). Each tree splits on ``x[feature] <= threshold``; a node is
``{"f": feature index, "t": threshold, "l": node or leaf value, "r": node or leaf value}``."""
from __future__ import annotations

import numpy as np


def _bins(X: np.ndarray, max_bins: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """Per feature, the candidate thresholds (values present in the data, at most
    ``max_bins`` by quantile) and each row's bin code (code b: x <= edges[b])."""
    codes = np.zeros(X.shape, dtype=np.int64)
    edges: list[np.ndarray] = []
    for j in range(X.shape[1]):
        v = X[:, j]
        u = np.unique(v)
        if len(u) > max_bins:
            u = np.unique(np.quantile(v, np.linspace(0, 1, max_bins + 1)[1:], method="lower"))
        e = u[:-1] if len(u) > 1 else u[:0]  # the last value would send everything left
        edges.append(e)
        codes[:, j] = np.searchsorted(e, v, side="left")
    return codes, edges


def fit_boost(X: np.ndarray, y: np.ndarray, rounds: int = 100, depth: int = 2, lr: float = 0.1,
              lam: float = 1.0, min_hess: float = 1.0, max_bins: int = 16) -> dict:
    """Boosted trees of ``depth`` on the log loss (Newton leaf values, L2 ``lam``)."""
    n, m = X.shape
    codes, edges = _bins(X, max_bins)
    B = max_bins + 1
    offs = np.arange(m) * B
    p0 = min(max(y.mean(), 1e-3), 1 - 1e-3)
    base = float(np.log(p0 / (1 - p0)))
    z = np.full(n, base)
    trees = []

    def grow(idx: np.ndarray, g: np.ndarray, h: np.ndarray, d: int):
        G, H = g[idx].sum(), h[idx].sum()
        leaf = float(-G / (H + lam) * lr)
        if d == 0 or len(idx) < 2:
            return leaf, None
        flat = (codes[idx] + offs).ravel()
        gb = np.bincount(flat, np.repeat(g[idx], m), m * B).reshape(m, B)
        hb = np.bincount(flat, np.repeat(h[idx], m), m * B).reshape(m, B)
        GL, HL = np.cumsum(gb, 1), np.cumsum(hb, 1)
        GR, HR = G - GL, H - HL
        gain = GL ** 2 / (HL + lam) + GR ** 2 / (HR + lam) - G ** 2 / (H + lam)
        ok = (HL >= min_hess) & (HR >= min_hess)
        for j in range(m):
            ok[j, len(edges[j]):] = False
        gain = np.where(ok, gain, -np.inf)
        j, b = np.unravel_index(int(np.argmax(gain)), gain.shape)
        if not np.isfinite(gain[j, b]) or gain[j, b] <= 1e-9:
            return leaf, None
        left = idx[codes[idx, j] <= b]
        right = idx[codes[idx, j] > b]
        lnode, _ = grow(left, g, h, d - 1)
        rnode, _ = grow(right, g, h, d - 1)
        return {"f": int(j), "t": float(edges[j][b]), "l": lnode, "r": rnode}, True

    all_idx = np.arange(n)
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-z))
        g, h = p - y, np.maximum(p * (1 - p), 1e-6)
        tree, _ = grow(all_idx, g, h, depth)
        trees.append(tree)
        z += predict_tree(tree, X)
    return {"base": base, "trees": trees}


def predict_tree(node, X: np.ndarray) -> np.ndarray:
    if not isinstance(node, dict):
        return np.full(X.shape[0], node)
    left = X[:, node["f"]] <= node["t"]
    out = np.empty(X.shape[0])
    if left.any():
        out[left] = predict_tree(node["l"], X[left])
    if (~left).any():
        out[~left] = predict_tree(node["r"], X[~left])
    return out


def predict_boost(model: dict, X: np.ndarray) -> np.ndarray:
    z = np.full(X.shape[0], model["base"])
    for t in model["trees"]:
        z += predict_tree(t, X)
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))
