import os
import shutil

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="session")
def root():
    return ROOT


def chromium_path():
    """Debian's Chromium, or None. With PFP_REQUIRE_BROWSER=1 (CI) a missing browser fails."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and os.environ.get("PFP_REQUIRE_BROWSER") == "1":
        pytest.fail("Chromium is missing but PFP_REQUIRE_BROWSER=1: apt-get install chromium.")
    return path
