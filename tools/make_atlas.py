"""Cut the Europe and Central Asia part out of world-atlas's countries-50m.json.

Provenance: npm package world-atlas 2.0.2 (ISC licence; Natural Earth 4.1.0 data,
public domain). Run: npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
then: python tools/make_atlas.py package/countries-50m.json

We keep whole countries that have any point inside the window below, so that
Russia and Kazakhstan are not cut, and we drop the arcs nobody uses: the file
shrinks from 756 kB to what the map needs, which matters because Altair inlines it
into every chart that draws the map.
"""

import json
import sys
from pathlib import Path

LON = (-25.0, 80.0)
LAT = (33.0, 72.0)
OUT = Path(__file__).resolve().parent.parent / "pfp_data" / "data" / "atlas_europe_asia.topo.json"


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


def main(src):
    topo = json.loads(Path(src).read_text())
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
    OUT.write_text(json.dumps(out, separators=(",", ":")))
    print(f"{len(keep)} countries, {len(used)} arcs, {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
