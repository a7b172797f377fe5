"""Betweenness centrality estimated from a sample of sources, with sparse matrix algebra.

Brandes' algorithm from `k` sources at once: breadth-first search counts
shortest paths level by level as sparse-matrix × dense-block products, and the
dependencies are accumulated back the same way (the algebraic formulation used
by GraphBLAS). Exact when every node is a source; otherwise the sum over the
sampled sources is scaled by n/k, as networkx does with `k`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

__all__ = ["sampled_betweenness"]

BLOCK = 64


def _adjacency(n: int, edges: Sequence[tuple[int, int]]) -> sp.csr_matrix:
    rows = np.fromiter((a for a, b in edges), dtype=np.int64, count=len(edges))
    cols = np.fromiter((b for a, b in edges), dtype=np.int64, count=len(edges))
    data = np.ones(2 * len(edges))
    return sp.csr_matrix((data, (np.concatenate([rows, cols]), np.concatenate([cols, rows]))), shape=(n, n))


def _dependencies(adjacency: sp.csr_matrix, sources: np.ndarray) -> np.ndarray:
    """Sum over `sources` of each node's dependency (Brandes' delta)."""
    n, b = adjacency.shape[0], len(sources)
    columns = np.arange(b)
    sigma = np.zeros((n, b))
    sigma[sources, columns] = 1.0
    depth = np.full((n, b), -1, dtype=np.int32)
    depth[sources, columns] = 0
    frontier = sigma.copy()
    level = 0
    while True:
        reached = adjacency @ frontier
        reached[depth >= 0] = 0.0
        if not reached.any():
            break
        level += 1
        depth[reached > 0] = level
        sigma += reached
        frontier = reached
    delta = np.zeros((n, b))
    with np.errstate(divide="ignore", invalid="ignore"):
        for d in range(level, 0, -1):
            share = np.where(depth == d, (1.0 + delta) / sigma, 0.0)
            delta += np.where(depth == d - 1, sigma * (adjacency @ share), 0.0)
    delta[sources, columns] = 0.0
    result: np.ndarray = delta.sum(axis=1)
    return result


def sampled_betweenness(n: int, edges: Sequence[tuple[int, int]], k: int, seed: int = 42) -> list[float]:
    """Normalised betweenness of the nodes 0..n-1 of an undirected graph, from `k` sampled sources."""
    if n <= 2:
        return [0.0] * n
    adjacency = _adjacency(n, edges)
    chosen = sorted(random.Random(seed).sample(range(n), min(k, n)))
    total = np.zeros(n)
    for start in range(0, len(chosen), BLOCK):
        total += _dependencies(adjacency, np.array(chosen[start : start + BLOCK]))
    scale = (n / len(chosen)) / ((n - 1) * (n - 2))
    return [float(x) for x in total * scale]
