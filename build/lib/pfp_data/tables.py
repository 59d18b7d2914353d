"""Load the package's CSV tables with the types their descriptor declares.

Each table is read once and cached; callers get a copy, so a student who edits a
DataFrame cannot corrupt what the next call returns.
"""

import functools
import json
from importlib import resources

DATA = resources.files("pfp_data") / "data"


@functools.cache
def descriptor():
    """The Frictionless data package descriptor (``datapackage.json``) as a dict."""
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def resource(name):
    """The descriptor of one table; raises a clear error for an unknown name."""
    from .errors import PfPDataError

    for res in descriptor()["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(r["name"] for r in descriptor()["resources"])
    raise PfPDataError(f"No table called {name!r}. Tables: {names}.")


def table_names():
    """Names of the tables, in the descriptor's order."""
    return [r["name"] for r in descriptor()["resources"]]


def _dtype(field):
    import pandas as pd

    enum = field.get("constraints", {}).get("enum")
    if enum:
        return pd.CategoricalDtype(categories=enum)
    return {
        "string": pd.StringDtype(),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
        "boolean": pd.BooleanDtype(),
    }.get(field["type"])


_LOADED = set()


@functools.cache
def _load(name):
    import pandas as pd

    res = resource(name)
    _LOADED.add(name)
    fields = res["schema"]["fields"]
    # Everything is read as text first so that codes such as '008' keep their zeros.
    frame = pd.read_csv(
        DATA / res["path"], dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8"
    )
    for field in fields:
        col = field["name"]
        if field["type"] == "date":
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d").astype("datetime64[ns]")
        elif field["type"] == "boolean":
            frame[col] = frame[col].map({"true": True, "false": False}).astype("boolean")
        elif field["type"] in ("integer", "number"):
            frame[col] = pd.to_numeric(frame[col]).astype(_dtype(field))
        else:
            frame[col] = frame[col].astype(_dtype(field))
    frame = frame[[f["name"] for f in fields]]
    frame.attrs = {
        "title": res.get("title", name),
        "description": res.get("description", ""),
        "source": "pfp_data " + descriptor()["version"],
        "license": descriptor()["licenses"][0]["name"],
    }
    return frame


def load(name):
    """A fresh copy of table ``name``."""
    return _load(name).copy(deep=True)


def loaded_tables():
    """Names of the tables read so far (lets a test check that importing reads none)."""
    return sorted(_LOADED)


def data_dictionary():
    """One row per field of every table: table, field, type, unit, required, allowed,
    description."""
    import pandas as pd

    rows = []
    for res in descriptor()["resources"]:
        for field in res["schema"]["fields"]:
            cons = field.get("constraints", {})
            allowed = ", ".join(cons["enum"]) if "enum" in cons else ""
            rows.append(
                {
                    "table": res["name"],
                    "field": field["name"],
                    "type": field["type"],
                    "unit": field.get("unit", ""),
                    "required": bool(cons.get("required", False)),
                    "allowed": allowed,
                    "description": field.get("description", ""),
                }
            )
    return pd.DataFrame(rows)
