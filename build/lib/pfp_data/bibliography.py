"""The sources table as BibTeX, for the book's bibliography and for students' own work."""

import re

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _escape(text):
    # BibTeX treats these as syntax; braces keep capitals (NATO, CSTO) as written.
    text = str(text).replace("\\", "\\textbackslash{}")
    for ch in "&%$#_":
        text = text.replace(ch, "\\" + ch)
    return text


def _entry(row):
    fields = {}
    author = row["author"]
    # an organisation as author must not be split into first and last names
    is_person = "," in author and not any(w in author for w in ("Organization", "Office"))
    fields["author"] = _escape(author) if is_person else "{" + _escape(author) + "}"
    fields["title"] = "{" + _escape(row["title"]) + "}"
    container_field = {"article": "journal", "incollection": "booktitle"}.get(
        row["entry_type"], "howpublished"
    )
    if row["entry_type"] == "techreport":
        container_field = "number"
    if isinstance(row["container"], str):
        fields[container_field] = _escape(row["container"])
    if isinstance(row["publisher"], str):
        key = "institution" if row["entry_type"] == "techreport" else "publisher"
        fields[key] = _escape(row["publisher"])
    date = row["date"] if isinstance(row["date"], str) else ""
    fields["year"] = date[:4] if date else "n.d."
    if len(date) >= 7:
        fields["month"] = _MONTHS[int(date[5:7]) - 1]
    if isinstance(row["url"], str):
        fields["url"] = row["url"]
    if isinstance(row["doi"], str):
        fields["doi"] = row["doi"]
    if isinstance(row["note"], str):
        fields["note"] = _escape(row["note"])
    body = ",\n".join(
        f"  {k} = {v}" if k == "month" else f"  {k} = {{{v}}}" for k, v in fields.items()
    )
    return f"@{row['entry_type']}{{{row['key']},\n{body}\n}}\n"


def to_bibtex(keys=None):
    """The sources table (or only ``keys``) as a BibTeX string."""
    from .tables import load

    sources = load("sources")
    if keys is not None:
        sources = sources[sources["key"].isin(list(keys))]
    entries = [_entry(row) for _, row in sources.iterrows()]
    return "\n".join(entries)


def source_keys(cell):
    """Split a ``sources`` cell ('A;B') into a list of keys."""
    return [k for k in re.split(r"\s*;\s*", cell or "") if k]
