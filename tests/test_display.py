"""How charts are shown: from bundled JavaScript by default, Altair's HTML only when asked."""

import functools
import json
import os
import subprocess
import sys

import pytest

from pfp_book.paths import ROOT

WIDGET = "application/vnd.jupyter.widget-view+json"

# Runs in a fresh interpreter, so the mode starts from the environment alone.
SNIPPET = r"""
import json, re, sys
import altair as alt, pandas as pd
import pfp_data.display as d
default_fetches = re.findall(sys.argv[1], alt.JupyterChart._esm)
mode = d.configure()
chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
bundle = chart._repr_mimebundle_()
bundle = bundle[0] if isinstance(bundle, tuple) else bundle
esm = alt.JupyterChart._esm if mode == "offline" else ""
# a fetch would be an import from a URL; namespace URIs in the bundle are not fetches
fetches = re.findall(sys.argv[1], esm)
print(json.dumps({"mode": mode, "types": sorted(bundle), "esm_len": len(esm),
                  "embed": alt.renderers.options.get("embed_options"),
                  "html": bundle.get("text/html", ""),
                  "fetches": fetches, "default_fetches": default_fetches,
                  "jsdelivr": "cdn.jsdelivr" in esm}))
"""
FETCH = r"""(?:from|import)\s*\(?\s*["']https?://[^"']+"""


def _env(value):
    env = dict(os.environ)
    env.pop("PFP_CHARTS", None)
    if value is not None:
        env["PFP_CHARTS"] = value
    return env


# one fresh interpreter per mode, shared by the tests that read it (each takes seconds)
@functools.cache
def run(value):
    out = subprocess.run([sys.executable, "-c", SNIPPET, FETCH], env=_env(value),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_default_is_offline_with_bundled_javascript():
    result = run(None)
    assert result["mode"] == "offline"
    assert WIDGET in result["types"]
    assert result["esm_len"] > 100_000  # vega, vega-lite and vega-embed are inlined
    assert result["fetches"] == [] and not result["jsdelivr"]
    # the check can see a fetch: the widget's online script imports from a CDN
    assert result["default_fetches"]


def test_html_mode_is_altairs_html_for_stored_outputs():
    result = run("html")
    assert result["mode"] == "html"
    assert "text/html" in result["types"] and WIDGET not in result["types"]


def test_no_actions_menu_in_either_mode():
    offline, html = run(None), run("html")
    assert offline["embed"] == {"actions": False} == html["embed"]
    assert '"actions": false' in html["html"]


def test_unknown_mode_says_what_is_allowed():
    proc = subprocess.run([sys.executable, "-c", "import pfp_data.display as d; d.configure()"],
                          env=_env("cdn"), capture_output=True, text=True)
    assert proc.returncode != 0
    assert "PFP_CHARTS='cdn' is not a chart mode; use one of offline, html" in proc.stderr


EXTENSION = r"""
import json, sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
shell.extension_manager.load_extension("pfp_data.display")
loaded_early = "altair" in sys.modules
import altair as alt, pandas as pd
chart = alt.LayerChart(layer=[alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")])
first, _ = shell.display_formatter.format(chart)
second, _ = shell.display_formatter.format(chart)
print(json.dumps({"loaded_early": loaded_early, "first": sorted(first), "second": sorted(second)}))
"""


def test_ipython_extension_draws_a_students_own_chart_offline():
    """No configure() call: the extension alone makes a hand-built chart use bundled JS."""
    out = subprocess.run([sys.executable, "-c", EXTENSION], env=_env(None),
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert not result["loaded_early"], "loading the extension must not import altair"
    assert WIDGET in result["first"] and WIDGET in result["second"]


def test_course_kernel_loads_the_extension():
    """A real kernel of this environment, started as JupyterLab starts one."""
    from jupyter_client.manager import start_new_kernel

    check = subprocess.run([sys.executable, str(ROOT / "tools" / "install_lab_config.py"),
                            "--check"], capture_output=True, text=True)
    assert check.returncode == 0, f"run `make setup` (lab-config not installed): {check.stderr}"
    os.environ.pop("PFP_CHARTS", None)  # the conftest sets it for nbval; a student has none
    try:
        km, kc = start_new_kernel(kernel_name="python3")
    finally:
        os.environ["PFP_CHARTS"] = "html"
    try:
        outputs = []
        kc.execute_interactive(
            "import altair as alt, pandas as pd\n"
            "alt.Chart(pd.DataFrame({'x': [1, 2]})).mark_bar().encode(x='x:Q')",
            output_hook=lambda msg: outputs.append(msg), timeout=120,
        )
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    kinds = [sorted(m["content"].get("data", {})) for m in outputs
             if m["msg_type"] in ("execute_result", "display_data")]
    errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
    assert not errors, errors
    assert kinds and WIDGET in kinds[-1], kinds


@pytest.mark.parametrize("name", ["overrides.json", "ipython_kernel_config.py"])
def test_lab_settings_installed_by_setup(name):
    from importlib import util

    spec = util.spec_from_file_location("install_lab_config",
                                        ROOT / "tools" / "install_lab_config.py")
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    installed = {source.name: target for source, target in module.destinations(sys.prefix).items()}
    assert installed[name].read_bytes() == (ROOT / "lab-config" / name).read_bytes()


def test_lab_settings_turn_off_news_updates_and_extension_manager():
    overrides = json.loads((ROOT / "lab-config" / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
    assert overrides["@jupyterlab/extensionmanager-extension:plugin"] == {"enabled": False}
