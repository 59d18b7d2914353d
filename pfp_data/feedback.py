"""Checks for exercise answers that explain a wrong answer in one sentence.

The exercise test cells (exercises/source/) call these helpers. Each raises
``AssertionError`` with a plain-language sentence, so Otter's feedback reads
"n_partners should be a whole number, but it is text ('23')" instead of a pandas or
Altair traceback. None of them reveals the expected answer: they check types,
columns, ranges and chart structure, never a literal result.

>>> expect_int(23, "n")
23
>>> expect_int("23", "n")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
AssertionError: n should be a whole number (like 12), but it is text ('23'). ...
"""

import datetime as _dt
import json
import numbers
from pathlib import Path

__all__ = [
    "this_notebook",
    "check",
    "expect_int",
    "expect_number",
    "expect_text",
    "expect_choice",
    "expect_dataframe",
    "expect_names",
    "expect_date",
    "expect_chart",
    "chart_spec",
    "expect_mark",
    "expect_encoding",
    "expect_accessible",
    "find_encoding",
]


def _describe(value):
    """Name a value's type the way a student would, with a short preview."""
    preview = repr(value)
    if len(preview) > 40:
        preview = preview[:37] + "..."
    if value is None:
        return "None (nothing was assigned; did you replace the ... and run the cell?)"
    if value is Ellipsis:
        return "still ... (replace the ... with your answer and run the cell)"
    if isinstance(value, bool):
        return f"a True/False value ({value})"
    if isinstance(value, str):
        return f"text ({preview})"
    type_name = type(value).__name__
    module = type(value).__module__.split(".")[0]
    if module == "pandas":
        if type_name == "DataFrame":
            return f"a DataFrame with {len(value)} rows"
        if type_name == "Series":
            return f"a pandas Series with {len(value)} values (a column, not a single value)"
        return f"a pandas {type_name} ({preview})"
    if isinstance(value, (list, tuple, set, dict)):
        return f"a {type_name} with {len(value)} items"
    if module == "numpy" and type_name == "ndarray":
        return f"a NumPy array with {value.size} values"
    return f"a {type_name} ({preview})"


def this_notebook(name, folder="."):
    """The file name of exercise set ``name`` in ``folder``, even after a renamed download.

    The init cell of every student notebook passes the result to ``otter.Notebook``, which reads
    the public tests from that file. Browsers save a second download as "03-expansion (1).ipynb";
    then the notebook whose metadata names the set (``otter.assignment_name``) is used, the most
    recently changed one if there are several. ``None`` (no such notebook) lets Otter look for a
    notebook itself instead of stopping the cell with FileNotFoundError.
    """
    folder = Path(folder)
    if (folder / f"{name}.ipynb").is_file():
        return f"{name}.ipynb"
    found = []
    for path in folder.glob("*.ipynb"):
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            continue  # a notebook being saved, or not a notebook: not ours
        if meta.get("otter", {}).get("assignment_name") == name:
            found.append(path)
    if not found:
        return None
    return max(found, key=lambda p: p.stat().st_mtime).name


def check(condition, message):
    """Raise ``AssertionError(message)`` unless ``condition`` holds."""
    if not condition:
        raise AssertionError(message)


def expect_int(value, name):
    """Require a whole number (int or NumPy integer, not bool); return it as ``int``."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and float(value).is_integer()
    ):
        return int(value)
    hint = ""
    if isinstance(value, str):
        hint = " Remove the quotation marks, or compute it with len() or .sum()."
    elif type(value).__name__ in ("DataFrame", "Series"):
        hint = " Count the rows with len(...) or add up a True/False column with .sum()."
    elif isinstance(value, (list, tuple, set)):
        hint = " Use len(...) to count the items."
    raise AssertionError(
        f"{name} should be a whole number (like 12), but it is {_describe(value)}.{hint}"
    )


def expect_number(value, name):
    """Require a real number (int or float, not bool, not NaN); return it as ``float``."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if value != value:
            raise AssertionError(
                f"{name} is NaN (not a number): check for missing values before you compute."
            )
        return float(value)
    hint = " Remove the quotation marks." if isinstance(value, str) else ""
    raise AssertionError(
        f"{name} should be a number (like 12 or 3.5), but it is {_describe(value)}.{hint}"
    )


def expect_text(value, name):
    """Require a non-empty string; return it stripped."""
    if not isinstance(value, str):
        raise AssertionError(
            f"{name} should be text in quotation marks, but it is {_describe(value)}."
        )
    check(value.strip() != "", f"{name} is empty: write your answer between the quotation marks.")
    return value.strip()


def expect_choice(value, name, choices):
    """Require one of ``choices`` (letters like "A"-"D"); case and spaces are ignored."""
    choices = [c.upper() for c in choices]
    listed = ", ".join(f'"{c}"' for c in choices)
    if not isinstance(value, str):
        raise AssertionError(
            f"{name} should be one letter in quotation marks ({listed}), "
            f"but it is {_describe(value)}."
        )
    answer = value.strip().upper().rstrip(").")
    check(answer in choices, f"{name} should be one of {listed}, but it is {value!r}.")
    return answer


def expect_dataframe(value, name, columns=()):
    """Require a pandas DataFrame that has at least ``columns``; return it."""
    if type(value).__name__ != "DataFrame":
        hint = ""
        if type(value).__name__ == "Series":
            hint = " Use double brackets, df[['a', 'b']], or .to_frame() to keep a table."
        elif isinstance(value, (list, tuple, dict)):
            hint = " Keep working with the DataFrame from pfp_data instead of converting it."
        raise AssertionError(
            f"{name} should be a DataFrame (a table), but it is {_describe(value)}.{hint}"
        )
    missing = [c for c in columns if c not in value.columns]
    suffixed = [c for c in missing if f"{c}_x" in value.columns or f"{c}_y" in value.columns]
    check(
        not suffixed,
        f"{name} has {suffixed[0]}_x and {suffixed[0]}_y instead of {suffixed[0]!r}: merge adds "
        "these suffixes when both tables have a column with that name (_x from the left table, "
        f"_y from the right); join on that column, or keep only the columns you need before "
        "the merge." if suffixed else "",
    )
    check(
        not missing,
        f"{name} is missing the column(s) {', '.join(map(repr, missing))}; "
        f"it has {', '.join(map(repr, value.columns))}. "
        "Keep those columns when you filter or join.",
    )
    return value


def expect_names(value, name):
    """Require a collection of strings (list, set, tuple or Series); return them sorted."""
    if isinstance(value, str):
        raise AssertionError(
            f"{name} should be a list of names like ['Estonia', 'Latvia'], but it is one piece of "
            f"{_describe(value)}."
        )
    if type(value).__name__ == "DataFrame":
        raise AssertionError(
            f"{name} should be a list of names, but it is {_describe(value)}. "
            "Pick one column, e.g. df['country'].tolist()."
        )
    if type(value).__name__ == "Series" or isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        bad = [v for v in items if not isinstance(v, str)]
        if bad:
            raise AssertionError(
                f"every item in {name} should be a name in quotation marks; {bad[0]!r} is not."
            )
        return sorted(items)
    raise AssertionError(
        f"{name} should be a list of names like ['Estonia', 'Latvia'], "
        f"but it is {_describe(value)}."
    )


def expect_date(value, name):
    """Require a date (``date``, ``datetime`` or pandas Timestamp); return a ``datetime.date``."""
    if isinstance(value, str):
        raise AssertionError(
            f"{name} should be a date, not text ({value!r}). "
            f"Use pd.Timestamp({value!r}) or a date column."
        )
    if hasattr(value, "to_pydatetime") and value == value:  # pandas Timestamp, but not NaT
        return value.to_pydatetime().date()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    raise AssertionError(f"{name} should be a date, but it is {_describe(value)}.")


def expect_chart(value, name):
    """Require an Altair chart object; return its Vega-Lite spec as a dict."""
    module = type(value).__module__.split(".")[0]
    if module != "altair" or not hasattr(value, "to_dict"):
        hint = ""
        if value is None:
            hint = " End your chart code with 'chart = alt.Chart(...)...', not with chart.show()."
        raise AssertionError(
            f"{name} should be an Altair chart (alt.Chart(...)), "
            f"but it is {_describe(value)}.{hint}"
        )
    try:
        return value.to_dict()
    except Exception as error:  # Altair validation errors are long; keep the first line
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise AssertionError(f"{name} is not a valid chart yet: Altair says '{first}'.") from None


def chart_spec(value, name="chart"):
    """The Vega-Lite dict of an Altair chart (alias of :func:`expect_chart`)."""
    return expect_chart(value, name)


def _mark_type(spec):
    mark = spec.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


def _views(spec):
    """The chart and, for a layered chart (``a + b``), each of its layers."""
    yield spec
    for layer in spec.get("layer", []):
        yield from _views(layer)


def find_encoding(spec, channel):
    """The encoding of ``channel``; in a layered chart, from the first layer that has one."""
    for view in _views(spec):
        enc = view.get("encoding", {}).get(channel)
        if enc is not None:
            return enc
    return None


def expect_mark(spec, name, marks):
    """Require the chart's mark type to be one of ``marks``."""
    found = [m for m in (_mark_type(v) for v in _views(spec)) if m is not None]
    check(
        bool(found),
        f"{name} has no mark: build it from alt.Chart(...).mark_...().",
    )
    mark = next((m for m in found if m in marks), found[0])
    check(
        mark in marks,
        f"{name} uses mark_{mark}(); this question asks for "
        + " or ".join(f"mark_{m}()" for m in marks)
        + ".",
    )


def expect_encoding(spec, name, channel, field=None, types=None):
    """Require an encoding channel, optionally with a given field name and data type(s)."""
    enc = find_encoding(spec, channel)
    check(
        enc is not None, f"{name} has no {channel} encoding: add {channel}=... inside .encode(...)."
    )
    if field is not None:
        got = enc.get("field") or enc.get("aggregate")
        check(
            got == field,
            f"the {channel} channel of {name} shows {got!r}; it should show the column {field!r}.",
        )
    if types is not None:
        check(
            enc.get("type") in types,
            f"the {channel} channel of {name} has type {enc.get('type')!r}; "
            f"use one of {', '.join(types)} "
            "(e.g. add ':T' for dates, ':Q' for numbers, ':N' for names).",
        )
    return enc


def expect_accessible(spec, name, channels=("x", "y")):
    """Require a title, a description and axis titles for ``channels`` (the course's rules)."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    check(bool(title), f"{name} has no title: add .properties(title='...').")
    check(
        bool(spec.get("description")),
        f"{name} has no description: add .properties(description='...') "
        "so screen readers can announce it.",
    )
    for channel in channels:
        enc = find_encoding(spec, channel) or {}
        check(
            bool(enc.get("title")),
            f"the {channel} axis of {name} has no title: "
            f"use alt.{channel.upper()}('column:type', title='... (unit)').",
        )
