"""The examples in the API's docstrings are run, so the documentation cannot drift."""

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "module", ["pfp_data", "pfp_data.names", "pfp_data.timeline", "pfp_data.claim_checks"]
)
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{module} has no examples"
    assert result.failed == 0
