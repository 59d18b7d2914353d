"""A real JupyterLab in a real browser: the expansion notebook and an exercise check.

Each variant runs tests/lab_scenario.py in its own process: the online default with the
CDN answered from the pinned copies of tools/vendor_js.py (this machine has no internet;
all three scripts, as JupyterLab loads vega-lite too), and the
offline mode inside a network namespace where server, kernel and browser have only
loopback.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import vendor_js  # noqa: E402
from conftest import chromium_path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests" / "lab_scenario.py"

pytestmark = pytest.mark.browser


def run_scenario(offline, tmp_path):
    if chromium_path() is None:
        pytest.skip("LOUD SKIP: Debian's chromium is not installed; the JupyterLab test "
                    "did not run (CI sets PFP_REQUIRE_BROWSER=1 to make this a failure)")
    cmd = [sys.executable, str(SCENARIO)]
    if offline:
        if shutil.which("unshare") is None or shutil.which("ip") is None:
            pytest.fail("unshare and ip (util-linux, iproute2) are needed to cut the network")
        inner = " ".join([*cmd, "--offline"])
        cmd = ["unshare", "-n", "bash", "-c", f"ip link set lo up && exec {inner}"]
    else:
        vendor_js.install(tmp_path, names=[pin["name"] for pin in vendor_js.PINS])
        cmd += ["--vendor", str(tmp_path / vendor_js.VENDOR_DIR)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def check(result):
    assert result["errors"] == [], f"cells errored: {result['errors']}"
    assert result["marks"] and max(result["marks"]) > 0, f"no chart drew marks: {result}"
    assert result["widget_changed"], f"moving the control changed nothing: {result}"
    assert result["server_stopped"]
    right, wrong = result["exercise"]["right"], result["exercise"]["wrong"]
    assert "q1 passed" in right, result["exercise"]
    assert "passed" not in wrong, result["exercise"]
    assert "whole number" in wrong and "Traceback" not in wrong, result["exercise"]


def test_jupyterlab_online_default(tmp_path):
    result = run_scenario(offline=False, tmp_path=tmp_path)
    check(result)


def test_jupyterlab_offline_mode_without_network(tmp_path):
    result = run_scenario(offline=True, tmp_path=tmp_path)
    check(result)
    assert result["requests_off_origin"] == [], result["requests_off_origin"]


def test_no_jupyter_server_left_running():
    out = subprocess.run(["pgrep", "-f", "pfp-lab-"], capture_output=True, text=True)
    assert out.stdout.strip() == "", f"left running: {out.stdout}"
