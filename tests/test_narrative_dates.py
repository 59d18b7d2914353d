"""No naked dates: every date a chapter's prose gives must be a date some table holds.

The test reads the Markdown cells of every notebook in notebooks/ and finds dates written
as ISO days ('1994-01-10'), day-month-year ('12 July 2023', '10-11 January 1994'),
month-day-year ('July 12, 2023') and month-year ('July 2023', 'mid-October 1994'). Bare
years are out of scope: '1994' is as often a period as a date.

Not checked: text inside quotation marks ("..." or “...”), Markdown blockquotes, inline
code and roles such as {cite:p}`KEY`, code blocks, link targets and URLs, HTML comments,
the Sources section, and questions (a sentence ending in '?' asks about a date, e.g. an
exercise's query date, and states nothing). A day must be held as that day; a month
matches any date held in that month; a range of days ('10-11 January 1994') is checked by
its first day.
The dates the tables hold come from pfp_data.known_dates().
"""

import json
import re

import pytest

import pfp_data
from pfp_book import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
            ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
            ("September", "Sep", "Sept"), ("October", "Oct"), ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?![\d-])"
_DASH = r"[-–—]"
DATE_PATTERNS = [
    ("day", re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)(?![\d-])")),
    # '12 July 2023', '10-11 January 1994', '1st May 2004'
    ("day", re.compile(
        r"(?<![\d-])(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s*" + _DASH + r"\s*\d{1,2})?\s+"
        + _MONTH + r",?\s+" + _YEAR
    )),
    # 'July 12, 2023'
    ("day", re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,\s+" + _YEAR)),
    # 'July 2023', 'mid-October 1994' (a day before the month is matched above)
    ("month", re.compile(r"(?<![\d\w])" + _MONTH + r",?\s+" + _YEAR)),
]


# --- stripping what is not the narrative's own statement ----------------------------

_SOURCES_HEADING = re.compile(r"^(#{1,6})\s+(Sources|References)\b", re.I)
_HEADING = re.compile(r"^(#{1,6})\s")
_FENCE = re.compile(r"^\s*(`{3,}|:{3,})\s*(\{[^}]*\})?")


def _drop_code_blocks(text):
    """Remove code blocks; keep the text of MyST directives (```{note} ... ```)."""
    out, closing = [], None
    for line in text.splitlines():
        fence = _FENCE.match(line)
        if closing is None and fence:
            is_directive = bool(fence.group(2))
            closing = (fence.group(1)[0] * len(fence.group(1)), is_directive)
            continue
        if closing is not None and line.strip().startswith(closing[0]) and (
            line.strip().strip(closing[0][0]) == ""
        ):
            closing = None
            continue
        if closing is None or closing[1]:
            if closing is not None and re.match(r"^\s*:\w+:", line):
                continue  # a directive's option line, e.g. ':class: tip'
            out.append(line)
    return "\n".join(out)


_STRIP = [
    re.compile(r"<!--.*?-->", re.S),  # HTML comments
    re.compile(r"`[^`\n]*`"),  # inline code, and the targets of {cite}`...`, {term}`...`
    re.compile(r"\]\([^)\s]*\)"),  # link targets: keep the link text
    re.compile(r"https?://\S+"),  # bare URLs
    re.compile(r"\"[^\"\n]*\""),  # "quoted"
    re.compile(r"“[^”]*”"),  # “quoted”
    re.compile(r"«[^»]*»"),  # «quoted»
]


def narrative_text(cell_sources, in_sources=False):
    """The prose of a run of Markdown cells that the rule applies to.

    Returns the text and whether the last cell ended inside the Sources section.
    """
    kept = []
    for source in cell_sources:
        lines = []
        for line in _drop_code_blocks(source).splitlines():
            heading = _HEADING.match(line)
            if heading:
                sources = _SOURCES_HEADING.match(line)
                if sources:
                    in_sources = len(sources.group(1))
                    continue
                if in_sources and len(heading.group(1)) <= in_sources:
                    in_sources = False
            if in_sources or line.lstrip().startswith(">"):
                continue  # the Sources section; blockquotes are quotations
            lines.append(line)
        text = "\n".join(lines)
        for pattern in _STRIP:
            text = pattern.sub(lambda m: " " * len(m.group(0)), text)
        kept.append(text)
    return kept, in_sources


def dates_in(text):
    """(iso, matched text, start, end) for every date written in ``text``."""
    found, taken = [], []
    for precision, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # already read by a more precise pattern
            month = m.group("month")
            month = int(month) if month.isdigit() else MONTHS[month.rstrip(".")]
            if not 1 <= month <= 12:
                continue
            iso = f"{m.group('year')}-{month:02d}"
            if precision == "day":
                iso += f"-{int(m.group('day')):02d}"
            taken.append((m.start(), m.end()))
            found.append((iso, m.group(0), m.start(), m.end()))
    return sorted(found, key=lambda f: f[2])


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n|\n(?=\s*[-*|#])")


def _sentence(text, start, end):
    """The sentence around text[start:end], on one line."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    return " ".join(text[left:right].split())


def unknown_dates(notebook):
    """Every date in the notebook's narrative that no table holds, with its sentence."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    in_sources, problems = False, []
    for number, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        (text,), in_sources = narrative_text([source], in_sources)
        for iso, written, start, end in dates_in(text):
            sentence = _sentence(text, start, end)
            if sentence.endswith("?"):
                continue  # a question asks about a date; it states nothing
            if not pfp_data.is_known_date(iso):
                problems.append(f"cell {number}: {written!r} ({iso}) in: {sentence}")
    return problems


# --- the rule, per chapter ----------------------------------------------------------


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.name for nb in NOTEBOOKS])
def test_every_narrative_date_is_in_the_data(notebook):
    problems = unknown_dates(notebook)
    assert not problems, (
        f"{notebook.name}: {len(problems)} date(s) that no pfp_data table holds "
        "(add the fact to the data, compute the date in a code cell, or quote it):\n"
        + "\n".join(problems)
    )


def test_there_are_notebooks_to_check():
    assert len(NOTEBOOKS) >= 5


# --- the reader itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Signed on 1994-01-26 in Brussels.", ["1994-01-26"]),
        ("On 12 July 2023 the council met.", ["2023-07-12"]),
        ("On 1st May 2004 ten states joined.", ["2004-05-01"]),
        ("The summit of 10-11 January 1994 launched it.", ["1994-01-10"]),
        ("The summit of 10–11 January 1994 launched it.", ["1994-01-10"]),
        ("On July 12, 2023 the council met.", ["2023-07-12"]),
        ("By mid-October 1994 there were more.", ["1994-10"]),
        ("In July 2023, and again in Sept. 2024.", ["2023-07", "2024-09"]),
        ("In 1994 and 1995-97 nothing; in fiscal years 2006-2010 less.", []),
        ("A 30 May 1997 meeting, 20 December 1991, and May 1995.",
         ["1997-05-30", "1991-12-20", "1995-05"]),
    ],
)
def test_dates_are_read_at_their_precision(text, expected):
    assert [iso for iso, *_ in dates_in(text)] == expected


@pytest.mark.parametrize(
    "markdown",
    [
        'The article says "22 states by mid-October 1994".',
        "The article says “22 states by mid-October 1994”.",
        "> By mid-October 1994, 22 states were part of it.",
        "See `partners_on('1994-10-15')` and {cite:p}`GALLIS1994`.",
        "See [the CRS report](https://example.org/1994-10-15) for details.",
        "```python\npartners_on('1994-10-15')  # 15 October 1994\n```",
        "<!-- 15 October 1994 -->",
        "## Sources\n\nGallis, P. (9 August 1994). Partnership for Peace.",
    ],
)
def test_quotations_code_links_and_sources_are_not_read(markdown):
    (text,), _ = narrative_text([markdown])
    assert dates_in(text) == []


def test_directive_text_is_read_and_sources_section_ends_at_next_heading():
    cells = [
        "```{note}\n:class: tip\nNATO met on 19 August 2008.\n```",
        "## Sources\n\nA list, 9 August 1994.",
        "Still in the sources: 1 May 2004.",
        "## What's next\n\nOn 12 July 2023.",
    ]
    texts, _ = narrative_text(cells)
    got = [[iso for iso, *_ in dates_in(t)] for t in texts]
    assert got == [["2008-08-19"], [], [], ["2023-07-12"]]


def test_known_and_unknown_dates_are_told_apart():
    assert pfp_data.is_known_date("1994-01-10")  # the Brussels summit, to the day
    assert pfp_data.is_known_date("1994-01")  # a month matches any day in it
    assert not pfp_data.is_known_date("1994-01-12")
    assert not pfp_data.is_known_date("1993-07")
    with pytest.raises(pfp_data.BadDateError, match="YYYY-MM"):
        pfp_data.is_known_date("January 1994")
    with pytest.raises(pfp_data.BadDateError, match="not a real date"):
        pfp_data.is_known_date("1994-02-30")


def test_a_false_date_in_a_notebook_is_reported(tmp_path):
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": [
                "NATO launched the partnership on 10 January 1994. ",
                "Ten days later, on 20 January 1994, nothing happened.",
            ]},
            {"cell_type": "code", "metadata": {}, "source": ["# 3 March 1993"],
             "outputs": [], "execution_count": None},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    nb["cells"][0]["source"].append(" How many partners were there on 3 March 1993?")
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    problems = unknown_dates(path)
    assert len(problems) == 1
    assert "'20 January 1994' (1994-01-20)" in problems[0]
    assert "Ten days later" in problems[0]
