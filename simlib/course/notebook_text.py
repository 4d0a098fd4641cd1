"""The pieces of a notebook cell that a translator translates, and nothing else.

- a markdown cell: one piece per paragraph, list, table or fenced block
  (separated by blank lines); the exercise builder's marker lines
  (``<!-- BEGIN SOLUTION -->``...) stay out of the pieces, as they are;
- a code cell: each string literal given to ``print`` or to a figure call
  (``set_title``, ``set_xlabel``, ``annotate``...) and each docstring, as
  written in the code (quotes and ``f`` included), and each comment's text,
  except the markers the exercise builder and the tests read
  (``# BEGIN SOLUTION``...).

Every other character of a code cell is code, and stays English.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

from simlib.i18n.numbers import NUMBER_SPEC

PYTHON_STRING = (ast.Constant, ast.JoinedStr)
FIGURE_CALLS = frozenset({"print", "set_title", "set_xlabel", "set_ylabel", "suptitle", "annotate", "text",
                          "title", "xlabel", "ylabel", "legend"})
"""Calls whose string arguments are sentences a reader sees."""
_MARKER_LINE = re.compile(r"^\s*<!--.*-->\s*$")
_CODE_MARKER = re.compile(r"^#\s*(BEGIN SOLUTION|END SOLUTION|SOLUTION ONLY|STARTER:|NBVAL|noqa|type:)", re.I)
_LETTER = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Segment:
    """One translatable piece: its text and where it sits in the cell's source (character offsets)."""

    kind: str  # "markdown" | "string" | "comment"
    text: str
    start: int
    end: int


def segments(cell: dict) -> list[Segment]:
    """The translatable pieces of a cell, in order."""
    source = cell.get("source", "")
    source = source if isinstance(source, str) else "".join(source)
    if cell.get("cell_type") == "markdown":
        return _markdown_segments(source)
    if cell.get("cell_type") == "code":
        return sorted(_string_segments(source) + _comment_segments(source), key=lambda s: s.start)
    return []


def _line_starts(source: str) -> list[int]:
    starts, total = [], 0
    for line in source.split("\n"):
        starts.append(total)
        total += len(line) + 1
    return starts


def _markdown_segments(source: str) -> list[Segment]:
    lines = source.split("\n")
    starts = _line_starts(source)
    blocks: list[list[int]] = []
    current: list[int] = []
    fence = False
    for number, line in enumerate(lines):
        if line.strip().startswith("```"):
            fence = not fence
        if not line.strip() and not fence:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(number)
    if current:
        blocks.append(current)
    found = []
    for block in blocks:
        while block and _MARKER_LINE.match(lines[block[0]]):
            block = block[1:]
        while block and _MARKER_LINE.match(lines[block[-1]]):
            block = block[:-1]
        if not block:
            continue
        start, end = starts[block[0]], starts[block[-1]] + len(lines[block[-1]])
        text = source[start:end]
        if _LETTER.search(text):
            found.append(Segment("markdown", text, start, end))
    return found


def _string_segments(source: str) -> list[Segment]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    starts = _line_starts(source)
    lines = source.split("\n")

    def offset(line: int, column: int) -> int:  # ast columns count UTF-8 bytes
        return starts[line - 1] + len(lines[line - 1].encode()[:column].decode(errors="ignore"))

    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and ast.get_docstring(node):
            arguments = [node.body[0].value]  # the docstring
        elif isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in FIGURE_CALLS:
                continue
            arguments = [*node.args, *(k.value for k in node.keywords)]
        else:
            continue
        for argument in arguments:
            if not isinstance(argument, PYTHON_STRING) or (
                    isinstance(argument, ast.Constant) and not isinstance(argument.value, str)):
                continue
            start = offset(argument.lineno, argument.col_offset)
            end = offset(argument.end_lineno, argument.end_col_offset)
            text = source[start:end]
            if _LETTER.search(_literal_words(argument)):
                found.append(Segment("string", text, start, end))
    return found


def _literal_words(node: ast.AST) -> str:
    """The constant text of a string literal, without its placeholders."""
    if isinstance(node, ast.Constant):
        return str(node.value)
    return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))


def _comment_segments(source: str) -> list[Segment]:
    starts = _line_starts(source)
    found = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    for token in tokens:
        if token.type != tokenize.COMMENT or _CODE_MARKER.match(token.string):
            continue
        text = token.string.lstrip("#").strip()
        if not _LETTER.search(text):
            continue
        line_start = starts[token.start[0] - 1]
        start = line_start + token.start[1] + token.string.index(text)
        found.append(Segment("comment", text, start, start + len(text)))
    return found


# --- f-strings ------------------------------------------------------------------------

def _fields(body: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level replacement field ``{...}`` of an f-string body (braces included)."""
    fields, i = [], 0
    while i < len(body):
        if body.startswith("{{", i) or body.startswith("}}", i):
            i += 2
            continue
        if body[i] == "{":
            depth, j, quote = 0, i, ""
            while j < len(body):
                char = body[j]
                if quote:
                    quote = "" if char == quote else quote
                elif char in "'\"":
                    quote = char
                elif char in "{[(":
                    depth += 1
                elif char in "}])":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            fields.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return fields


def _split_field(inner: str) -> tuple[str, str, str]:
    """``expr!conv:spec`` -> (expr, conversion, spec) at the top level of a field's inside."""
    depth, quote = 0, ""
    for k, char in enumerate(inner):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
        elif depth == 0 and char == "!" and inner[k + 1:k + 2] != "=":
            expr, rest = inner[:k], inner[k + 1:]
            conversion, _, spec = rest.partition(":")
            return expr, conversion, spec
        elif depth == 0 and char == ":":
            return inner[:k], "", inner[k + 1:]
    return inner, "", ""


_LITERAL = re.compile(r"(?P<prefix>[a-zA-Z]{0,2})(?P<quote>\"\"\"|'''|\"|')(?P<body>(?:\\.|(?!(?P=quote)).)*)(?P=quote)",
                      re.S)
"""One Python string literal: prefix, quotes and body (escapes inside the body skipped)."""


def _literals(literal: str) -> list[re.Match[str]] | None:
    """Each string literal of ``literal``, several when they are joined implicitly (only blanks between them).

    None when anything else sits between or around them.
    """
    found, last = [], 0
    for match in _LITERAL.finditer(literal):
        if literal[last:match.start()].strip():
            return None
        found.append(match)
        last = match.end()
    return found if found and not literal[last:].strip() else None


def _parts(literal: str) -> tuple[str, str, str] | None:
    """(prefix, quote, body) of a single f-string literal, or None for anything else."""
    match = re.fullmatch(r"(?P<prefix>[a-zA-Z]*)(?P<quote>\"\"\"|'''|\"|')(?P<body>.*)(?P=quote)", literal.strip(), re.S)
    if not match or "f" not in match["prefix"].lower():
        return None
    return match["prefix"], match["quote"], match["body"]


def localise_fstring(literal: str) -> str:
    """A translated f-string whose numbers follow the language: ``{x:.0%}`` -> ``{fmt(x, '.0%')}``.

    Only numeric specs change (``.1f``, ``,.0f``, ``.0%``, ``g``...); the
    expression is untouched. Several literals joined implicitly (a sentence
    split over lines) are each localised; anything else comes back as it was.
    """
    pieces = _literals(literal)
    if pieces is not None and len(pieces) > 1:
        out, last = [], 0
        for match in pieces:
            out += [literal[last:match.start()], _localise_one(match.group())]
            last = match.end()
        return "".join(out) + literal[last:]
    return _localise_one(literal)


def _localise_one(literal: str) -> str:
    """:func:`localise_fstring` of one literal."""
    parts = _parts(literal)
    if parts is None:
        return literal
    prefix, quote, body = parts
    inner_quote = "'" if '"' in quote else '"'
    out, last = [], 0
    for start, end in _fields(body):
        expr, conversion, spec = _split_field(body[start + 1:end - 1])
        if conversion or not spec or not NUMBER_SPEC.match(spec) or "{" in spec:
            continue
        out += [body[last:start], f"{{fmt({expr.strip()}, {inner_quote}{spec}{inner_quote})}}"]
        last = end
    if not out:
        return literal
    return f"{prefix}{quote}{''.join(out)}{body[last:]}{quote}"


_LABELLED = re.compile(r"label\((?P<expr>.*)\)", re.DOTALL)
"""A translated placeholder shown in the reader's language: ``{label(lost.index[0])}`` (:func:`simlib.i18n.label`)."""


def _unlabelled(expr: str) -> str:
    """The expression inside a translator's ``label(...)`` (so ``{label(x)}`` keeps the placeholder ``{x}``)."""
    match = _LABELLED.fullmatch(expr.strip())
    return match["expr"].strip() if match else expr.strip()


def placeholders(literal: str) -> list[str]:
    """The expressions of an f-string literal's replacement fields, sorted (specs left out); [] for a plain string.

    Literals joined implicitly count together. A translator may show a code value that is an English
    word (a channel ``dm``, a column name) in the reader's language with ``{label(value)}``: it counts
    as the placeholder ``{value}``.
    """
    pieces = _literals(literal)
    if pieces is not None and len(pieces) > 1:
        return sorted(p for match in pieces for p in placeholders(match.group()))
    parts = _parts(literal)
    if parts is None:
        return []
    body = parts[2]
    return sorted(_unlabelled(_split_field(body[s + 1:e - 1])[0]) for s, e in _fields(body))
