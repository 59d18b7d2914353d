"""Cut the Europe and Central Asia part out of world-atlas's countries-50m.json.

Provenance: npm package world-atlas 2.0.2 (ISC licence; Natural Earth 4.1.0 data,
public domain). Run: npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
then: python tools/make_atlas.py package/countries-50m.json

We keep whole countries that have any point inside the window below, so that
Russia and Kazakhstan are not cut, and we drop the arcs nobody uses. Then each arc is
simplified (Douglas-Peucker) with a tolerance of TOLERANCE_KM: the course draws the map
640 pixels wide, where a pixel is about 11 km, so nothing visible changes, while the
file, which Altair inlines into every chart that draws the map, shrinks from 756 kB to
about 120 kB and the browser projects less than half as many points. Arcs are shared by
neighbouring countries, so simplifying arcs (never rings) keeps borders matching; a ring
that would be left with fewer than four points keeps its original arcs, so no small
state (Malta, Andorra, Liechtenstein, San Marino, the Vatican) degenerates.
"""

import argparse
import json
import math
from pathlib import Path

from pfp_book.paths import DATA

LON = (-25.0, 80.0)
LAT = (33.0, 72.0)
TOLERANCE_KM = 3.0
MID_LAT = 52.0  # the map's centre latitude, where lon degrees are measured in km
OUT = DATA / "atlas_europe_asia.topo.json"


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        decoded.append(pts)
    return decoded


def arc_ids(geometry):
    def walk(obj):
        if isinstance(obj, int):
            yield obj if obj >= 0 else ~obj
        else:
            for item in obj:
                yield from walk(item)

    return set(walk(geometry.get("arcs", [])))


def remap(obj, mapping):
    if isinstance(obj, int):
        return mapping[obj] if obj >= 0 else ~mapping[~obj]
    return [remap(item, mapping) for item in obj]


def _quantized(arc):
    x = y = 0
    out = []
    for dx, dy in arc:
        x += dx
        y += dy
        out.append((x, y))
    return out


def delta_encode(points):
    """TopoJSON's arc encoding: the first point, then each step from the one before.

    >>> delta_encode([(3, 4), (5, 4), (5, 1)])
    [[3, 4], [2, 0], [0, -3]]
    """
    steps = zip(points, points[1:], strict=False)
    return [list(points[0])] + [[b[0] - a[0], b[1] - a[1]] for a, b in steps]


def douglas_peucker(points, tolerance, to_km):
    """Points of a polyline kept by Douglas-Peucker (ends always kept)."""
    if len(points) < 3:
        return list(points)
    flat = [to_km(p) for p in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = flat[a], flat[b]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        far, at = -1.0, None
        for i in range(a + 1, b):
            px, py = flat[i]
            d = (math.hypot(px - ax, py - ay) if length == 0
                 else abs(dy * (px - ax) - dx * (py - ay)) / length)
            if d > far:
                far, at = d, i
        if at is not None and far > tolerance:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _simplify_arc(points, tolerance, to_km):
    if len(points) > 3 and points[0] == points[-1]:
        # a closed arc (an island): split at its farthest point, so both halves have ends
        far = max(range(len(points)), key=lambda i: (points[i][0] - points[0][0]) ** 2
                  + (points[i][1] - points[0][1]) ** 2)
        return (douglas_peucker(points[:far + 1], tolerance, to_km)[:-1]
                + douglas_peucker(points[far:], tolerance, to_km))
    return douglas_peucker(points, tolerance, to_km)


def rings(geometry):
    """Every ring of a (Multi)Polygon as its list of arc indices."""
    if geometry.get("type") == "Polygon":
        return list(geometry["arcs"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def ring_size(ring, arcs):
    """Positions in a ring made of these (delta-encoded) arcs, closing point included."""
    return 1 + sum(len(arcs[i if i >= 0 else ~i]) - 1 for i in ring)


def simplify(topo, tolerance_km=TOLERANCE_KM):
    """The topology with every arc simplified to within ``tolerance_km``."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    kx = 111.32 * math.cos(math.radians(MID_LAT))

    def to_km(p):
        return ((p[0] * sx + tx) * kx, (p[1] * sy + ty) * 110.57)

    original = topo["arcs"]
    arcs = [delta_encode(_simplify_arc(_quantized(a), tolerance_km, to_km)) for a in original]
    for geom in topo["objects"]["countries"]["geometries"]:
        for ring in rings(geom):
            if ring_size(ring, arcs) < 4:
                for i in ring:
                    arcs[i if i >= 0 else ~i] = original[i if i >= 0 else ~i]
    return dict(topo, arcs=arcs)


def main(argv=None):
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("source", help="world-atlas's countries-50m.json")
    args.add_argument("--tolerance-km", type=float, default=TOLERANCE_KM)
    opts = args.parse_args(argv)
    source = Path(opts.source)
    if not source.is_file():
        args.error(f"{source} does not exist; it is countries-50m.json from "
                   "`npm pack world-atlas@2.0.2` (see the top of this file)")
    topo = json.loads(source.read_text())
    points = decode_arcs(topo)
    keep = []
    for geom in topo["objects"]["countries"]["geometries"]:
        ids = arc_ids(geom)
        inside = any(
            LON[0] <= x <= LON[1] and LAT[0] <= y <= LAT[1] for i in ids for x, y in points[i]
        )
        if inside:
            keep.append(geom)
    used = sorted(set().union(*(arc_ids(g) for g in keep)))
    mapping = {old: new for new, old in enumerate(used)}
    for geom in keep:
        geom["arcs"] = remap(geom["arcs"], mapping)
    out = {
        "type": "Topology",
        "transform": topo["transform"],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": keep}},
        "arcs": [topo["arcs"][i] for i in used],
    }
    before = sum(len(a) for a in out["arcs"])
    out = simplify(out, opts.tolerance_km)
    after = sum(len(a) for a in out["arcs"])
    OUT.write_text(json.dumps(out, separators=(",", ":")))
    print(f"{len(keep)} countries, {len(used)} arcs, {before} -> {after} points "
          f"(tolerance {opts.tolerance_km} km), {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main()
