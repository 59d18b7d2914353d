"""The map's boundary file and the tool that makes it (tools/make_atlas.py)."""

import json
import math

import make_atlas
from pfp_book.paths import DATA

ATLAS = DATA / "atlas_europe_asia.topo.json"


def _flat(p):
    return (float(p[0]), float(p[1]))


def test_no_ring_of_the_map_file_is_degenerate():
    topo = json.loads(ATLAS.read_text())
    small = []
    for geom in topo["objects"]["countries"]["geometries"]:
        for ring in make_atlas.rings(geom):
            if make_atlas.ring_size(ring, topo["arcs"]) < 4:
                small.append(geom["properties"]["name"])
    assert small == []


def test_the_map_file_is_simplified_but_keeps_every_state():
    topo = json.loads(ATLAS.read_text())
    points = sum(len(a) for a in topo["arcs"])
    # the 50m cut had 28,198 points; a 3 km tolerance leaves under half
    assert 5_000 < points < 14_000
    assert ATLAS.stat().st_size < 150_000
    names = {g["properties"]["name"] for g in topo["objects"]["countries"]["geometries"]}
    assert {"Malta", "Vatican", "San Marino", "Andorra", "Liechtenstein", "Kosovo"} <= names


def test_douglas_peucker_drops_what_is_within_tolerance_and_keeps_the_rest():
    line = [(0, 0), (1, 0.2), (2, 0), (3, 5), (4, 0)]
    kept = make_atlas.douglas_peucker(line, 1.0, _flat)
    assert kept == [(0, 0), (2, 0), (3, 5), (4, 0)]
    assert make_atlas.douglas_peucker(line, 0.1, _flat) == line
    assert make_atlas.douglas_peucker(line, 100, _flat) == [(0, 0), (4, 0)]


def test_every_kept_point_is_original_and_dropped_points_stay_within_tolerance():
    wiggle = [(i, round(3 * math.sin(i / 3))) for i in range(60)]
    kept = make_atlas.douglas_peucker(wiggle, 1.5, _flat)
    assert set(kept) <= set(wiggle) and kept[0] == wiggle[0] and kept[-1] == wiggle[-1]

    def dist(p, a, b):
        (ax, ay), (bx, by), (px, py) = a, b, p
        length = math.hypot(bx - ax, by - ay)
        return abs((by - ay) * (px - ax) - (bx - ax) * (py - ay)) / length

    for a, b in zip(kept, kept[1:], strict=False):
        between = [p for p in wiggle if a[0] < p[0] < b[0]]
        assert all(dist(p, a, b) <= 1.5 for p in between)


def _topology(arcs, geometries):
    return {"type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 0]},
            "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
            "arcs": [make_atlas.delta_encode(a) for a in arcs]}


def test_a_closed_island_keeps_a_polygon():
    # a near-circle whose points are all within a huge tolerance of its chord
    circle = [(round(50 * math.cos(t / 10)), round(50 * math.sin(t / 10))) for t in range(63)]
    circle.append(circle[0])
    topo = _topology([circle], [{"type": "Polygon", "arcs": [[0]],
                                 "properties": {"name": "Island"}}])
    out = make_atlas.simplify(topo, tolerance_km=1e6)
    assert make_atlas.ring_size([0], out["arcs"]) >= 4


def test_a_ring_that_would_collapse_keeps_its_original_arcs():
    # a small state bounded by two shared arcs that each simplify to a straight line
    upper = [(0, 0), (5, 1), (10, 0)]
    lower = [(10, 0), (5, -1), (0, 0)]
    topo = _topology([upper, lower], [{"type": "Polygon", "arcs": [[0, 1]],
                                       "properties": {"name": "Enclave"}}])
    out = make_atlas.simplify(topo, tolerance_km=1e6)
    assert out["arcs"] == topo["arcs"]
