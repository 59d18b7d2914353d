"""A real JupyterLab in a real browser asks no third party for anything (issue 21).

tests/lab_scenario.py runs a student's session (the expansion chapter, an exercise set with
`grader.check`, a chart drawn by hand) in its own process, once with the network up and
once inside a network namespace where server, kernel and browser have only loopback.
Neither run sets a chart mode or a news switch: the course's shipped settings must do it.
Every request the browser makes is recorded; one that leaves the Lab server fails the test.
"""

import json
import shutil
import subprocess
import sys

import pytest

from conftest import chromium_path
from pfp_book.paths import ROOT, TESTS

SCENARIO = TESTS / "lab_scenario.py"

pytestmark = pytest.mark.browser


def run_scenario(network, tmp_path):
    if chromium_path() is None:
        pytest.skip("LOUD SKIP: Debian's chromium is not installed; the JupyterLab test "
                    "did not run (CI sets PFP_REQUIRE_BROWSER=1 to make this a failure)")
    cmd = [sys.executable, str(SCENARIO), "--screenshots", str(tmp_path)]
    if not network:
        if shutil.which("unshare") is None or shutil.which("ip") is None:
            pytest.fail("unshare and ip (util-linux, iproute2) are needed to cut the network")
        inner = " ".join(cmd)
        cmd = ["unshare", "-n", "bash", "-c", f"ip link set lo up && exec {inner}"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def check(result):
    assert result["errors"] == [], f"cells errored: {result['errors']}"
    assert result["marks"] and max(result["marks"]) > 0, f"no chart drew marks: {result}"
    assert result["widget_changed"], f"moving the control changed nothing: {result}"
    assert result["server_stopped"]
    exercise = result["exercise"]
    assert exercise["chart_marks"] and max(exercise["chart_marks"]) > 0, exercise
    right, wrong = exercise["right"], exercise["wrong"]
    assert "q1 passed" in right, exercise
    assert "passed" not in wrong, exercise
    assert "whole number" in wrong and "Traceback" not in wrong, exercise
    assert result["news_setting"] == {"fetchNews": "false", "checkForUpdates": False}
    assert result["news_prompt"] == [], result["news_prompt"]
    assert result["requests"] > 50  # the recorder saw the Lab load (it can fail)
    assert result["requests_off_origin"] == [], result["requests_off_origin"]


# The same scenario twice: with the network up (nothing off the origin is asked for) and
# cut (everything still draws). Each is a JupyterLab, a kernel and a Chromium for over a
# minute on two cores, so the second run is in `make test-slow`.
@pytest.mark.parametrize("network", [
    pytest.param(True, id="network-up"),
    pytest.param(False, id="network-cut", marks=pytest.mark.slow)])
def test_jupyterlab_asks_no_third_party(network, tmp_path):
    check(run_scenario(network, tmp_path))


def test_no_jupyter_server_left_running():
    out = subprocess.run(["pgrep", "-f", "pfp-lab-"], capture_output=True, text=True)
    assert out.stdout.strip() == "", f"left running: {out.stdout}"
