"""Plane geometry shared by the boundaries' cleaner and the maps: Denmark's longitude/latitude in km, and
Douglas–Peucker simplification that treats a border shared by two municipalities once, so neighbours keep one
line and no sliver or gap opens between them."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

import numpy as np

LAT0 = 56.0               # the latitude of the equirectangular projection used to measure in km
KM_X, KM_Y = 111.32 * math.cos(math.radians(LAT0)), 110.57

Point = tuple[float, float]
Ring = list[Point]


def km(p: Point) -> tuple[float, float]:
    """A lon/lat point in km on an equirectangular projection centred on Denmark."""
    return ((p[0] - 10.5) * KM_X, (p[1] - LAT0) * KM_Y)


def douglas_peucker(points: list[Point], tolerance_km: float,
                    to_km: Callable[[Point], tuple[float, float]] = km) -> list[Point]:
    """The points of an open chain that Douglas–Peucker keeps (both ends always), measured in km (to_km: how a
    point becomes km; lon/lat by default, the identity for points already on the map's km plane)."""
    n = len(points)
    if n <= 2:
        return list(points)
    xy = np.array([to_km(p) for p in points])
    keep = np.zeros(n, dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        (x0, y0), (x1, y1) = xy[i], xy[j]
        seg = xy[i + 1:j]
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            dist = np.hypot(seg[:, 0] - x0, seg[:, 1] - y0)
        else:
            dist = np.abs((x1 - x0) * (seg[:, 1] - y0) - (y1 - y0) * (seg[:, 0] - x0)) / length
        k = int(np.argmax(dist))
        if dist[k] > tolerance_km:
            keep[i + 1 + k] = True
            stack += [(i, i + 1 + k), (i + 1 + k, j)]
    return [p for p, k in zip(points, keep) if k]


class SharedSimplifier:
    """Simplifies rings so that a border shared by two municipalities is simplified once, identically for both.

    A vertex is a junction where the set of municipalities it belongs to changes along the ring (or it belongs
    to three); the stretches between junctions are simplified in one canonical direction and cached.
    """

    def __init__(self, rings_by_code: dict[str, list[Ring]], tolerance_km: float,
                 to_km: Callable[[Point], tuple[float, float]] = km):
        self.tolerance = tolerance_km
        self.to_km = to_km
        self.owners: dict[Point, set[str]] = defaultdict(set)
        for code, rings in rings_by_code.items():
            for ring in rings:
                for p in ring:
                    self.owners[p].add(code)
        self._cache: dict[tuple[Point, ...], list[Point]] = {}

    def _chain(self, chain: list[Point]) -> list[Point]:
        forward = chain[0] <= chain[-1] if chain[0] != chain[-1] else chain[1] <= chain[-2]
        key = tuple(chain) if forward else tuple(reversed(chain))
        if key not in self._cache:
            self._cache[key] = douglas_peucker(list(key), self.tolerance, self.to_km)
        out = self._cache[key]
        return list(out) if forward else list(reversed(out))

    def ring(self, ring: Ring) -> Ring:
        pts = ring[:-1] if ring[0] == ring[-1] else list(ring)
        n = len(pts)
        own = [frozenset(self.owners[p]) for p in pts]
        fixed = [i for i in range(n) if len(own[i]) >= 3 or own[i] != own[i - 1] or own[i] != own[(i + 1) % n]]
        if len(fixed) < 2:  # an island or an enclave: fix two points every ring through them agrees on
            fixed = sorted({min(range(n), key=lambda i: pts[i]), max(range(n), key=lambda i: pts[i])} | set(fixed))
        out: Ring = []
        for a, b in zip(fixed, fixed[1:] + [fixed[0] + n]):
            out.extend(self._chain([pts[i % n] for i in range(a, b + 1)])[:-1])
        return out + [out[0]]
