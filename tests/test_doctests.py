"""The examples in docstrings are run, so the documentation cannot drift.

Every module is found, not listed: each module of pfp_data, of the book's package
(book/_ext/pfp_book) and each script in tools/. A module without examples passes; the
modules that document the API with examples must keep some.
"""

import doctest
import importlib
import pkgutil

import pytest

import pfp_book
import pfp_data
from pfp_book.paths import TOOLS


def _modules(package):
    yield package.__name__
    for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
        yield info.name


MODULES = [*_modules(pfp_data), *_modules(pfp_book), *sorted(p.stem for p in TOOLS.glob("*.py"))]
# the data API is taught through these examples; losing them would be a regression
MUST_HAVE_EXAMPLES = {"pfp_data", "pfp_data.names", "pfp_data.timeline", "pfp_data.claim_checks",
                      "pfp_book.paths", "pfp_book.chart_text"}


def test_every_module_is_found():
    assert MUST_HAVE_EXAMPLES <= set(MODULES)
    assert {"pfp_book.extension", "build_book", "make_atlas"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    if module in MUST_HAVE_EXAMPLES:
        assert result.attempted > 0, f"{module} has no examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {module} fail"
