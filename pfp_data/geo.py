"""The map's geography: the atlas file, its outlines and a marker position per state.

The atlas is a TopoJSON file in ``pfp_data/data`` (made by ``tools/make_atlas.py``).
This module is the only one that reads it; the map chart in :mod:`pfp_data.charts`
gets the topology and the centroids from here and reads no file itself.

>>> from pfp_data import geo
>>> geo.inside_frame(14.5, 35.9)  # Malta
True
"""

import functools
import json

ATLAS_FILE = "atlas_europe_asia.topo.json"
# The frame of the map (longitude, latitude): Iceland to Kyrgyzstan, Crete to Lapland.
MAP_LON = (-25.0, 80.0)
MAP_LAT = (34.0, 71.0)


@functools.cache
def _atlas():
    from importlib import resources

    path = resources.files("pfp_data") / "data" / ATLAS_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def atlas_topology():
    """The map's TopoJSON topology as a dict (a fresh copy)."""
    return json.loads(json.dumps(_atlas()))


def rings(topo, geometry):
    """Outer rings of a TopoJSON (Multi)Polygon as lists of (lon, lat)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]

    @functools.cache
    def arc(i):
        x = y = 0
        pts = []
        for dx, dy in topo["arcs"][i]:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        return tuple(pts)

    def ring(indices):
        pts = []
        for i in indices:
            seg = arc(i) if i >= 0 else tuple(reversed(arc(~i)))
            pts.extend(seg if not pts else seg[1:])
        return pts

    polys = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [ring(poly[0]) for poly in polys]


def centroid(points):
    """(lon, lat, area) of a closed ring: its area-weighted centre (planar, in degrees).

    >>> centroid([(0, 0), (2, 0), (2, 2), (0, 2)])
    (1.0, 1.0, 4.0)
    """
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = zip(*points, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


def inside_frame(lon, lat):
    """True if the point lies inside the map's frame (MAP_LON, MAP_LAT)."""
    return MAP_LON[0] <= lon <= MAP_LON[1] and MAP_LAT[0] <= lat <= MAP_LAT[1]


@functools.cache
def _centroid_table():
    topo = _atlas()
    rows = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        parts = [(centroid(r), r) for r in rings(topo, geom)]
        (lon, lat, _), ring = max(parts, key=lambda p: p[0][2])
        if not inside_frame(lon, lat):
            # Russia's mainland centroid lies in Siberia, off the map: put its marker
            # at the middle of the part of its outline that the map shows.
            seen = [p for p in ring if inside_frame(*p)]
            if seen:
                lon = sum(p[0] for p in seen) / len(seen)
                lat = sum(p[1] for p in seen) / len(seen)
        rows[geom["properties"]["name"]] = (round(lon, 2), round(lat, 2))
    return rows


def atlas_centroids():
    """A marker position (lon, lat) per atlas feature: its largest polygon's centroid."""
    import pandas as pd

    table = _centroid_table()
    return pd.DataFrame(
        {"atlas_name": list(table), "lon": [v[0] for v in table.values()],
         "lat": [v[1] for v in table.values()]}
    )


def frame_outline():
    """The map's frame as a GeoJSON line, for a projection's ``fit``."""
    lons = [MAP_LON[0] + i * (MAP_LON[1] - MAP_LON[0]) / 20 for i in range(21)]
    edge = [[lon, MAP_LAT[0]] for lon in lons] + [[lon, MAP_LAT[1]] for lon in lons[::-1]]
    return {"type": "Feature", "properties": {},
            "geometry": {"type": "LineString", "coordinates": edge + [edge[0]]}}


__all__ = [
    "ATLAS_FILE",
    "MAP_LAT",
    "MAP_LON",
    "atlas_centroids",
    "atlas_topology",
    "centroid",
    "frame_outline",
    "inside_frame",
    "rings",
]
