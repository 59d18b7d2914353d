"""The Zero to JupyterHub config.yaml in the book is valid and uses only documented keys.

book/hub-config.yaml is shown on the classroom page (book/page-templates/classroom.md) as
the Helm values for a class. Helm rejects unknown keys only at install time, on the
instructor's cluster; this test rejects them here. DOCUMENTED lists the keys of the
Zero to JupyterHub chart's configuration reference that the file may use: the reference
(https://z2jh.jupyter.org/en/stable/resources/reference.html) is generated from the
chart's jupyterhub/values.schema.yaml, where each of these is a property (the values'
types below come from there too). ``hub.config`` is the chart's pass-through to
JupyterHub's own traitlets, so anything under it is allowed.
"""

import re

import pytest
import yaml

from pfp_book.paths import ROOT

CONFIG = ROOT / "book" / "hub-config.yaml"
TEMPLATE = ROOT / "book" / "page-templates" / "classroom.md"

# dotted key -> the types the chart's schema allows for its value
DOCUMENTED = {
    "singleuser.image.name": (str,),
    "singleuser.image.tag": (str,),
    "singleuser.defaultUrl": (str,),
    "singleuser.startTimeout": (int,),
    "singleuser.memory.guarantee": (int, float, str),
    "singleuser.memory.limit": (int, float, str),
    "singleuser.cpu.guarantee": (int, float),
    "singleuser.cpu.limit": (int, float),
    "singleuser.storage.capacity": (str,),
    "cull.enabled": (bool,),
    "cull.timeout": (int,),
    "cull.every": (int,),
}
PASS_THROUGH = ("hub.config.",)
# Kubernetes quantities as the chart passes them on: 512M, 1G, 1.5Gi
QUANTITY = re.compile(r"^\d+(\.\d+)?(K|M|G|Ki|Mi|Gi)$")


def leaves(node, prefix=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{prefix}{key}.")
    else:
        yield prefix.rstrip("."), node


def values():
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def test_config_is_valid_yaml_of_documented_keys():
    found = dict(leaves(values()))
    assert found, "book/hub-config.yaml is empty"
    unknown = [k for k in found if k not in DOCUMENTED and not k.startswith(PASS_THROUGH)]
    assert unknown == [], f"not keys of the Zero to JupyterHub chart: {unknown}"
    for key, value in found.items():
        if key in DOCUMENTED:
            assert isinstance(value, DOCUMENTED[key]) and not (
                bool not in DOCUMENTED[key] and isinstance(value, bool)), \
                f"{key}: {value!r} is not {DOCUMENTED[key]}"


def test_resources_are_consistent():
    single = values()["singleuser"]
    memory, cpu = single["memory"], single["cpu"]
    for key in ("guarantee", "limit"):
        assert QUANTITY.match(str(memory[key])), f"memory.{key}: {memory[key]!r}"
    assert to_bytes(memory["guarantee"]) <= to_bytes(memory["limit"])
    assert 0 < cpu["guarantee"] <= cpu["limit"]


def to_bytes(quantity):
    number, unit = re.match(r"^([\d.]+)(\D*)$", str(quantity)).groups()
    scale = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    return float(number) * scale[unit]


def test_classroom_page_shows_the_config_and_its_figures():
    page = TEMPLATE.read_text(encoding="utf-8")
    assert "{literalinclude} ../hub-config.yaml" in page or \
        "{literalinclude} hub-config.yaml" in page, "the page does not include the config"
    date = re.search(r"[Mm]easured on (\d{4}-\d{2}-\d{2})", page)
    assert date, "the capacity table gives no measurement date"
    single = values()["singleuser"]
    for value in (single["memory"]["guarantee"], single["memory"]["limit"],
                  single["cpu"]["guarantee"], single["cpu"]["limit"]):
        assert f"`{value}`" in page, f"the capacity table does not explain {value!r}"


@pytest.mark.parametrize("bad", [{"singleuser": {"memmory": {"limit": "1G"}}},
                                 {"singleuser": {"cpu": {"limit": "one"}}}])
def test_the_check_catches_mistakes(bad):
    found = dict(leaves(bad))
    problems = [k for k, v in found.items()
                if k not in DOCUMENTED or not isinstance(v, DOCUMENTED[k])]
    assert problems
