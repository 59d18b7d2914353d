"""The map's geography (pfp_data.geo): atlas outlines and marker positions."""

import pfp_data
from pfp_data import geo


def test_every_signatory_has_a_marker_position_on_the_map():
    cents = geo.atlas_centroids().set_index("atlas_name")
    for name in pfp_data.signatories()["country"]:
        atlas_name = pfp_data.country(name)["atlas_name"]
        lon, lat = cents.loc[atlas_name, ["lon", "lat"]]
        assert geo.inside_frame(lon, lat), name


def test_russia_marker_is_moved_onto_the_map():
    atlas_name = pfp_data.country("Russia")["atlas_name"]
    topo = geo.atlas_topology()
    russia = next(g for g in topo["objects"]["countries"]["geometries"]
                  if g["properties"]["name"] == atlas_name)
    lon, lat, _ = max((geo.centroid(r) for r in geo.rings(topo, russia)), key=lambda c: c[2])
    assert not geo.inside_frame(lon, lat)  # its mainland's centroid lies east of the frame
    cents = geo.atlas_centroids().set_index("atlas_name")
    assert geo.inside_frame(*cents.loc[atlas_name, ["lon", "lat"]])


def test_atlas_topology_is_a_fresh_copy():
    first = geo.atlas_topology()
    first["objects"].clear()
    assert geo.atlas_topology()["objects"]["countries"]["geometries"]


def test_frame_outline_is_closed_and_spans_the_frame():
    coords = geo.frame_outline()["geometry"]["coordinates"]
    assert coords[0] == coords[-1]
    lons, lats = zip(*coords, strict=True)
    assert (min(lons), max(lons)) == geo.MAP_LON and (min(lats), max(lats)) == geo.MAP_LAT


def test_charts_read_no_file():
    """Only geo reads the atlas: no module of the charts package opens a file."""
    from pathlib import Path

    for path in (Path(pfp_data.__file__).parent / "charts").glob("*.py"):
        text = path.read_text()
        assert "resources.files" not in text and "open(" not in text, path.name
        assert ".read_text(" not in text, path.name
