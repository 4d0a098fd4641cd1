"""What a student could not read in a notebook's output: cut text, raw names, long decimals, bare shares.

Used three ways:

- by the course's nbval plugin (:mod:`simlib.course.references`): every cell of
  ``notebooks/``, ``exercises/`` and ``solutions/`` fails if its output has
  one of these problems, so ``make test`` keeps the course readable;
- on the executed HTML of the course (``make html``)::

      python -m simlib.course.readability build/html/*.html

- in tests, on any HTML or text.

The problems found:

- **cut text**: a table cell that ends in "..." (pandas cuts text at 50
  characters unless told otherwise);
- **raw KPI names**: a table heading that is a KPI's code name
  (``median_first_response_minutes``) instead of its label, except in a few
  rows of raw data (index 0, 1, 2...), where the code names are what a student
  types;
- **long decimals**: a number with five or more decimals (``0.457143``);
- **bare shares**: a column headed as a share (``service level``, ``share``...)
  whose values are decimals such as 0.4 rather than percentages (36% and 45%
  both read 0.4);
- **test plumbing**: an nbval marker in a page's code.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from simlib.analysis.registry import KPIS

RAW_NAMES = frozenset(k.name for k in KPIS if "_" in k.name)
"""KPI code names a reader should never meet as a table heading."""
SHARE_HEADINGS = re.compile(
    r"\bshare\b|\bservice level\b|\bconversion\b|\bmoved up\b|\bturned critic\b|\bcame back\b|\bgave up\b|"
    r"\banswered by the end\b|\butilisation\b|\boccupancy\b|\bhad to wait\b|\bp_wait\b|\bp_abandon\b",
    re.IGNORECASE)
"""Headings of columns whose values are shares, to be shown as percentages."""
_LONG_DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d{5,}(?![\d])")
_BARE_SHARE = re.compile(r"^-?(0?\.\d+|0|1(\.0+)?)$")
_CUT = re.compile(r"\S(\.\.\.|…)$")


@dataclass
class Table:
    """One HTML table: its heading cells, the labels of its rows and its data cells (text)."""

    headings: list[list[str]] = field(default_factory=list)  # rows of <th> in <thead>
    row_labels: list[str] = field(default_factory=list)  # the first <th> of each body row
    rows: list[list[str]] = field(default_factory=list)  # the <td> of each body row


class _Tables(HTMLParser):
    """Collects the tables of a piece of HTML, and the text outside them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._in_head = False
        self._cell: list[str] | None = None
        self._kind = ""
        self._row: list[tuple[str, str]] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "table":
            self.tables.append(Table())
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell, self._kind = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)
        elif tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append((self._kind, " ".join("".join(self._cell).split())))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            if self._in_head or all(kind == "th" for kind, _ in self._row):
                table.headings.append([text for _, text in self._row])
            else:
                labels = [text for kind, text in self._row if kind == "th"]
                table.row_labels.append(labels[0] if labels else "")
                table.rows.append([text for kind, text in self._row if kind == "td"])
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def tables_in(html: str) -> list[Table]:
    """The tables of a piece of HTML."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _raw_data(table: Table) -> bool:
    """A few rows of raw data (``records.head()``): row labels 0, 1, 2..., where code names are the point."""
    labels = [label for label in table.row_labels if label != ""]
    return bool(labels) and labels == [str(i) for i in range(len(labels))]


def table_problems(table: Table) -> list[str]:
    """What a student could not read in one table."""
    found = []
    cells = [c for row in table.headings for c in row] + table.row_labels + [c for row in table.rows for c in row]
    for text in cells:
        if len(text) >= 20 and _CUT.search(text):
            found.append(f"cut text: {text[:40]!r}...")
    names = [] if _raw_data(table) else [c for row in table.headings for c in row] + table.row_labels
    raw = sorted({c for c in names if c in RAW_NAMES})
    if raw:
        found.append(f"raw KPI names as headings: {', '.join(raw)} (use the registry's labels)")
    for text in cells:
        match = _LONG_DECIMAL.search(text)
        if match:
            found.append(f"a number with {len(match.group().split('.')[1])} decimals: {match.group()}")
            break
    if table.headings and table.rows:
        last = max(table.headings, key=lambda row: sum(bool(c) for c in row))
        offset = len(last) - len(table.rows[0])
        for j, heading in enumerate(last[offset:] if offset >= 0 else last):
            column = [row[j] for row in table.rows if j < len(row)]
            if SHARE_HEADINGS.search(heading) and column and all(_BARE_SHARE.match(v) for v in column) \
                    and any(0 < float(v) < 1 for v in column):
                found.append(f"shares shown as decimals in {heading!r} (e.g. {column[0]}): show percentages")
    return found


def text_problems(text: str) -> list[str]:
    """What a student could not read in printed text."""
    match = _LONG_DECIMAL.search(text)
    return [f"a number with {len(match.group().split('.')[1])} decimals: {match.group()}"] if match else []


def unreadable_html(html: str) -> list[str]:
    """Problems in the tables of a piece of HTML."""
    return [problem for table in tables_in(html) for problem in table_problems(table)]


def unreadable(outputs: Iterable[Mapping[str, Any]]) -> list[str]:
    """Problems in a cell's outputs (nbformat output dicts): its HTML tables, else its text."""
    found: list[str] = []
    for output in outputs:
        data = output.get("data") or {}
        if "text/html" in data:
            html = data["text/html"]
            found += unreadable_html(html if isinstance(html, str) else "".join(html))
        elif "text/plain" in data:
            text = data["text/plain"]
            found += text_problems(text if isinstance(text, str) else "".join(text))
        elif output.get("output_type") == "stream":
            text = output.get("text", "")
            found += text_problems(text if isinstance(text, str) else "".join(text))
    return found


def unreadable_page(html: str) -> list[str]:
    """Problems in a whole executed notebook page (``jupyter nbconvert --to html``): tables and test plumbing."""
    found = unreadable_html(html)
    if re.search(r"NBVAL", html):
        found.append("an nbval marker in view")
    outputs = re.findall(r'<div class="jp-RenderedText[^"]*"[^>]*>\s*<pre>(.*?)</pre>', html, re.DOTALL)
    for text in outputs:
        found += text_problems(re.sub(r"<[^>]+>", "", text))
    return found


def main(paths: list[str]) -> int:
    """Print what a student could not read in each executed page; 1 if anything."""
    bad = 0
    for name in paths:
        found = unreadable_page(Path(name).read_text(encoding="utf-8"))
        print(f"{name}: " + ("readable" if not found else f"{len(found)} problem(s)"))
        for problem in found:
            print(f"  - {problem}")
        bad += bool(found)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
