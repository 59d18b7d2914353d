"""Both ways of showing charts in JupyterLab: the online default and the offline mode."""

import json
import os
import subprocess
import sys

# Runs in a fresh interpreter: the mode is chosen once, at import, from the environment.
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


def run(env_value):
    env = dict(os.environ)
    env.pop("PFP_OFFLINE", None)
    if env_value is not None:
        env["PFP_OFFLINE"] = env_value
    out = subprocess.run([sys.executable, "-c", SNIPPET, FETCH], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_default_is_online_html_for_binder():
    result = run(None)
    assert result["mode"] == "online"
    assert "text/html" in result["types"]


def test_offline_mode_bundles_javascript_and_fetches_nothing():
    result = run("1")
    assert result["mode"] == "offline"
    assert "application/vnd.jupyter.widget-view+json" in result["types"]
    assert result["esm_len"] > 100_000  # vega, vega-lite and vega-embed are inlined
    assert result["fetches"] == [] and not result["jsdelivr"]
    # the check can see a fetch: the widget's online script imports from a CDN
    assert result["default_fetches"]


def test_no_actions_menu_in_either_mode():
    online, offline = run(None), run("1")
    assert online["embed"] == {"actions": False} == offline["embed"]
    assert '"actions": false' in online["html"]


def test_environment_variable_values():
    assert run("0")["mode"] == "online"
    assert run("yes")["mode"] == "offline"
