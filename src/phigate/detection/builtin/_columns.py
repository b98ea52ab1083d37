"""Table columns: the cells that sit below a header cell (``Name | MRN | DOB``, ``mrn,dob,zip``).

Exports, face sheets, census lists and faxed result tables put the label in a header line and the
values in the rows below it. :func:`column_cells` reads the cells under one header cell, in tables
whose columns are split by bars, tabs, commas (a CSV header of short label-like cells) or runs of two
or more blanks (fixed-width reports, two-line ``MRN   DOB`` / ``448812   03/04/41`` blocks).
:func:`header_columns` finds header cells of a small vocabulary of non-identifier columns (names,
birth and admission dates, ZIP codes) for the table-cell recognizer. Whether a cell's value fits its
column stays with the recognizer that reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from phigate.detection.builtin._caps import trie_pattern
from phigate.detection.builtin._shared import ascii_lower

__all__ = ["CELL_END", "COLUMN_WORDS", "column_cells", "header_columns"]

#: After a label that heads a table column: the end of its cell (a bar, a tab, a comma, two blanks,
#: the line end).
CELL_END = re.compile(r"[ \t:#*]*(?:\||\t|,|  |\n|\r|$)")
_RULE_LINE = re.compile(r"[ \t|+:=\-]*")
#: A cell of a blank-aligned table: words joined by single blanks.
_ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")
#: A CSV header cell: up to three words of letters (``mrn``, ``Member ID``, ``Date of birth``, ``acct#``).
_CSV_HEADER_CELL = re.compile(r"[ \t]*\"?[A-Za-z][A-Za-z#/._]*(?:[ _][A-Za-z#/._]+){0,3}\"?[ \t]*")
#: Rows read below a column header.
_MAX_ROWS = 50

#: Header words of the columns that hold no identifier but PHI all the same, by category name.
COLUMN_WORDS: Mapping[str, tuple[str, ...]] = {
    "NAME": (
        "name",
        "patient",
        "patient name",
        "pt name",
        "full name",
        "last name",
        "first name",
        "surname",
        "given name",
        "last, first",
        "name (last, first)",
    ),
    "DATE": (
        "dob",
        "d.o.b.",
        "date of birth",
        "birth date",
        "birthdate",
        "admit date",
        "admission date",
        "date of admission",
        "adm date",
        "discharge date",
        "disch date",
        "dc date",
        "date of service",
        "dos",
        "visit date",
        "death date",
        "date of death",
        "dod",
    ),
    "ZIP": ("zip", "zip code", "zipcode", "postal code", "postcode"),
    # Identifier headers: they make a line a header line, their cells are read by the label scan.
    "": ("mrn", "mrn#", "mr#", "med rec #", "acct", "acct#", "account", "ssn", "member id", "phone", "fin"),
}
_WORD_KIND = {word: kind for kind, words in COLUMN_WORDS.items() for word in words}
#: A header cell of the vocabulary, whole (after a line start or a column separator, before the next).
#: Starts with the separator itself (the lowered text is searched with a line break put before it),
#: so ``re`` skips straight to line breaks, bars, tabs, commas and double blanks; the words as a trie.
_HEADER = re.compile(
    r"(?:\n|[|\t,]|  )[ \t]*\"?(?P<w>"
    + trie_pattern(_WORD_KIND)
    + r")\"?(?=[ \t:#*]*(?:[|\t,]|  |\r?$|\r?\n))"
)


def column_cells(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the cells below the header cell at ``text[start:end]`` (stripped of blanks),
    in a table whose columns are split by bars, tabs, commas or runs of two or more blanks. Nothing
    when the header is not a cell of its own (``MRN 123``), or in prose.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        return
    line = text[line_start:line_end].rstrip("\r")
    separator = _separator(line)
    if separator is not None:
        column = text.count(separator, line_start, start)
        width = line.count(separator)
        if text[line_start:start].rsplit(separator, 1)[-1].strip(' \t*:#"'):
            return  # the label shares its cell with other words
    elif "  " not in line.strip() or not (start == line_start or text.startswith("  ", start - 2)):
        return  # no blank-aligned columns, or the label is not a cell of its own
    pos = line_end + 1
    for _ in range(_MAX_ROWS):
        row_end = text.find("\n", pos)
        row_end = len(text) if row_end < 0 else row_end
        row = text[pos:row_end].rstrip("\r")
        if not row.strip():
            return
        if _RULE_LINE.fullmatch(row) is None:
            if separator is not None:
                if row.count(separator) != width:
                    return
                cell = _nth_cell(row, separator, column)
                if cell is not None:
                    yield pos + cell[0], pos + cell[1]
            else:
                aligned = next(
                    (
                        c
                        for c in _ALIGNED_CELL.finditer(row)
                        if c.start() < end - line_start and start - line_start < c.end()
                    ),
                    None,
                )
                if aligned is not None:
                    yield pos + aligned.start(), pos + aligned.end()
        pos = row_end + 1
        if pos > len(text):
            return


def _separator(line: str) -> str | None:
    """The column separator of a header line: a bar, a tab, or the comma of a CSV header whose cells
    are all short label-like words; ``None`` for blank-aligned columns.
    """
    if "|" in line:
        return "|"
    if "\t" in line:
        return "\t"
    if "," in line and all(_CSV_HEADER_CELL.fullmatch(cell) for cell in line.split(",")):
        return ","
    return None


def _nth_cell(row: str, separator: str, column: int) -> tuple[int, int] | None:
    """The stripped ``column``-th cell of ``row`` split by ``separator``, if it holds anything."""
    offset = 0
    for _ in range(column):
        offset = row.index(separator, offset) + 1
    stop = row.find(separator, offset)
    stop = len(row) if stop < 0 else stop
    cell = row[offset:stop]
    inner = cell.strip(' \t"')
    if not inner:
        return None
    first = offset + cell.index(inner)
    return first, first + len(inner)


@lru_cache(maxsize=8)
def header_columns(text: str) -> tuple[tuple[int, int, str], ...]:
    """``(cell_start, cell_end, kind)`` of the cells below :data:`COLUMN_WORDS` header cells, ``kind``
    being the category name of the header word. A header counts on a line that holds a column
    separator and at least two header cells of the vocabulary, so a medication list's ``Name | Dose``
    reads nothing. Cheap on texts without tables: one regex pass.
    """
    found: list[tuple[int, int, str]] = []
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for m in _HEADER.finditer("\n" + ascii_lower(text)):
        start, end = m.start("w") - 1, m.end("w") - 1
        by_line.setdefault(text.rfind("\n", 0, start) + 1, []).append((start, end, m["w"]))
    for hits in by_line.values():
        if len(hits) < 2:
            continue  # not a table header: one word alone (``Name | Dose`` of a medication list), or prose
        for start, end, word in hits:
            kind = _WORD_KIND[word]
            if kind:
                found.extend((s, e, kind) for s, e in column_cells(text, start, end))
    return tuple(found)
