"""analysis.geometry: Douglas–Peucker on Denmark's km plane, shared borders simplified once (test data made up)."""
from __future__ import annotations

from analysis import geometry


def test_douglas_peucker_measures_in_the_units_it_is_given():
    chain = [(0.0, 0.0), (1.0, 0.4), (2.0, 0.0), (3.0, 1.5), (4.0, 0.0)]  # made-up points on a km plane
    plane = lambda p: p  # noqa: E731  points already in km
    assert geometry.douglas_peucker(chain, 0.5, to_km=plane) == [(0.0, 0.0), (2.0, 0.0), (3.0, 1.5), (4.0, 0.0)]
    assert geometry.douglas_peucker(chain, 0.1, to_km=plane) == chain


def test_a_border_two_rings_share_is_simplified_the_same_for_both():
    # two made-up squares side by side on a km plane, sharing a wiggly border x≈1 (the wiggle 0.2 km)
    border = [(1.0, 0.0), (1.2, 0.25), (1.0, 0.5), (1.2, 0.75), (1.0, 1.0)]
    left = [(0.0, 0.0)] + border + [(0.0, 1.0), (0.0, 0.0)]
    right = border[::-1] + [(2.0, 1.0), (2.0, 0.0), (1.0, 0.0)]
    simp = geometry.SharedSimplifier({"a": [left], "b": [right]}, 0.5, to_km=lambda p: p)
    a, b = simp.ring(left), simp.ring(right)
    shared = set(a) & set(b)
    assert shared == {(1.0, 0.0), (1.0, 1.0)}           # the wiggle gone, the same way on both sides
    assert len(a) < len(left) and len(b) < len(right)
