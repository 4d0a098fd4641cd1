"""Keep simlib's Spanish catalogue in step with the messages marked in the code (``tr(...)``, ``N_(...)``).

``update_simlib_catalogue`` extracts every marked message of ``simlib/`` with
babel and merges it into ``locale/es/LC_MESSAGES/simlib.po`` (a message whose
English changed becomes fuzzy, with its old translation as a start);
``simlib_problems`` lists the messages of the given modules that have no
reviewed Spanish entry. ``make spanish`` runs the update.
"""

from __future__ import annotations

import io
from pathlib import Path

from simlib.i18n.catalog import DOMAIN, catalogue_path

KEYWORDS = {"tr": None, "N_": None}
"""The marking functions: their first argument is the message."""


def marked_messages(root: Path, paths: tuple[str, ...] = ("simlib",)):
    """A babel Catalog of the messages marked in ``paths`` (folders or files, relative to ``root``)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    catalogue = Catalog(locale="es", project=DOMAIN, fuzzy=False)
    files = []
    for name in paths:
        path = root / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    for path in files:
        where = path.relative_to(root).as_posix()
        for line, message, comments, _context in extract_from_file("python", path, keywords=KEYWORDS):
            if isinstance(message, str) and message:
                existing = catalogue.get(message)
                if existing is not None:
                    existing.locations.append((where, line))
                else:
                    catalogue.add(message, locations=[(where, line)], auto_comments=comments,
                                  flags=["python-brace-format"] if "{" in message else [])
    return catalogue


def update_simlib_catalogue(root: Path, language: str = "es") -> Path:
    """Merge the messages marked in ``simlib/`` into the language's catalogue; return its path."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = catalogue_path(language)
    if path.is_file():
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
    else:
        catalogue = Catalog(locale=language, project=DOMAIN)
    catalogue.update(marked_messages(root), no_fuzzy_matching=False, update_creation_date=False)
    catalogue.fuzzy = False
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=0, include_previous=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def simlib_problems(root: Path, paths: tuple[str, ...], language: str = "es") -> list[str]:
    """Messages marked in ``paths`` whose Spanish entry is missing, fuzzy or empty, or whose placeholders differ."""
    import re

    from babel.messages.pofile import read_po

    path = catalogue_path(language)
    where = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if not path.is_file():
        return [f"{where}: missing: run `make spanish`"]
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    found = []
    field = re.compile(r"\{(\w*)")
    for message in marked_messages(root, paths):
        if not message.id:
            continue
        entry = catalogue.get(message.id)
        at = "{}:{}".format(*message.locations[0])
        short = message.id[:70]
        if entry is None:
            found.append(f"{where}: no entry for {at} ({short!r}): run `make spanish` and translate it")
        elif entry.fuzzy:
            found.append(f"{where}: fuzzy entry for {at} ({short!r}): the English changed; review it")
        elif not entry.string:
            found.append(f"{where}: untranslated entry for {at} ({short!r})")
        elif sorted(field.findall(message.id)) != sorted(field.findall(entry.string)):
            found.append(f"{where}: {at}: the translation's {{placeholders}} differ from the English ({short!r})")
    return found
