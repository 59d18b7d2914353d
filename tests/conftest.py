import os
import shutil

import pytest

from pfp_book.paths import ROOT


@pytest.fixture(scope="session")
def root():
    return str(ROOT)


def chromium_path():
    """Debian's Chromium, or None. With PFP_REQUIRE_BROWSER=1 (CI) a missing browser fails."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and os.environ.get("PFP_REQUIRE_BROWSER") == "1":
        pytest.fail("Chromium is missing but PFP_REQUIRE_BROWSER=1: apt-get install chromium.")
    return path
