"""The article's damaged membership tables, read two ways (pfp_data.article)."""

import pytest

import pfp_data
from pfp_data import article


def test_counts_both_ways_reproduce_the_claims_check():
    table = article.counts_both_ways().set_index("date")
    # the article's own figures, as claims.md derived them from its tables
    assert table.loc["1994-10-15", "merged_cells_restored"] == 22
    assert table.loc["2001-12-31", "merged_cells_restored"] == 25
    assert table.loc[str(pfp_data.as_of_date()), "merged_cells_restored"] == 19
    # and the checked figures
    assert table.loc["1994-10-15", "checked"] == len(pfp_data.partners_on("1994-10-15"))
    # reading the blanks as "not in NATO" inflates every count after 1999
    after = table[table.index >= "2004-03-29"]
    assert (after["as_printed"] > after["merged_cells_restored"]).all()


def test_article_table_rows_are_short_by_bulgaria_only():
    status = article.article_status_on("2000-01-01", "merged_cells_restored")
    assert len(status) == 33
    checked = set(pfp_data.signatories()["country"])
    assert checked - set(status["country"]) == {"Bulgaria"}


def test_unknown_reading_is_refused():
    with pytest.raises(pfp_data.PfPDataError, match="merged_cells_restored"):
        article.article_status_on("2000-01-01", "sideways")
