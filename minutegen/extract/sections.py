"""The structure of a minute: paragraphs, headings, list items, sentences and clauses.

Minutes pack many results into one sentence ("It was highlighted that A; B; and C"), so the
unit for roles, indicators and assessment is the clause; paragraphs and headings carry the
framing ("The areas highlighted for focus were ...") that colours every clause beneath them.
The component "mg_structure" sets sentence starts and keeps a `Structure` (token bounds of
sentences, clauses, lines and paragraphs) beside the doc; `structure_of(doc)` returns it
(computing it if the component did not run), for the check engineer too.
"""

from __future__ import annotations

import itertools
import weakref
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

# A doc's Structure lives beside the doc, not in doc.user_data, so that docs still serialise
# (Doc.to_bytes, nlp.pipe(n_process=...)); it goes when the doc goes.
_STRUCTURES: weakref.WeakKeyDictionary[Doc, Structure] = weakref.WeakKeyDictionary()
TEXT_KEY = "mg_text"  # the text a doc was made from, when the caller kept it on the doc

SENTENCE_END = frozenset({".", "?", "!"})
CLAUSE_END = frozenset({";"})
# ", and that": a reported list's next item ("Members noted that A was 97 per cent, above the
# target of 96 per cent, and that B stood at 9.4 days") is a clause of its own, as after ";".
COORDINATED_REPORT = (",", "and", "that")
LINE_END = frozenset({".", "?", "!", ":", ";"})
BULLETS = frozenset({"•", "·", "-", "–", "—", "o", "*", "▪", "◦", "‣", "●"})
OPENERS = frozenset({'"', "'", "“", "‘", "(", "["})


def _starts_sentence_after_stop(token_text: str) -> bool:
    """Whether a token following a full stop opens a new sentence."""
    first = token_text[:1]
    return first.isupper() or first.isdigit() or token_text in BULLETS or first in OPENERS


_BOUNDARIES: dict[int, np.ndarray] = {}


def _boundary_hashes(doc: Doc) -> np.ndarray:
    """The hashes of the sentence and clause stops, made once per string store, not per doc."""
    strings = doc.vocab.strings
    found = _BOUNDARIES.get(id(strings))
    if found is None:
        found = np.array(
            sorted({strings.add(t) for t in (*SENTENCE_END, *CLAUSE_END)}), dtype="uint64"
        )
        _BOUNDARIES[id(strings)] = found
    return found


def segment(
    doc: Doc, text: str | None = None, offsets: tuple[list[int], list[int]] | None = None
) -> tuple[list[int], list[int], list[int], list[int]]:
    """Token indices where sentences, clauses, lines and paragraphs start (pure, no writes).

    A line break starts a sentence unless the line was wrapped mid-sentence (the next line
    starts in lower case and the previous one did not end a clause); a blank line starts a
    paragraph; ";" starts a clause. Only whitespace and stop tokens are visited in Python,
    and their text is read from `text` (the doc's text) by offset.
    """
    n = len(doc)
    if n == 0:
        return [], [], [], []
    if text is None:
        text = doc.text
    arr = doc.to_array([ORTH, IS_SPACE])
    idx, length = offsets if offsets is not None else _offsets(doc)
    is_space = (arr[:, 1] == 1).tolist()

    def tx(i: int) -> str:
        return text[idx[i] : idx[i] + length[i]]

    candidates = np.flatnonzero(np.isin(arr[:, 0], _boundary_hashes(doc)) | (arr[:, 1] == 1))
    sents: list[int] = []
    clauses: list[int] = []
    lines: list[int] = []
    paras: list[int] = []
    first = 0
    while first < n and is_space[first]:
        first += 1
    if first < n:
        sents.append(first)
        clauses.append(first)
        lines.append(first)
        paras.append(first)
    k = 0
    m = len(candidates)
    cand = candidates.tolist()
    while k < m:
        i = cand[k]
        if is_space[i]:
            # a run of whitespace tokens; count its line breaks
            newlines = 0
            blank = False
            j = i
            while j < n and is_space[j]:
                breaks = tx(j).count("\n")
                if breaks >= 2 or (newlines and breaks):
                    blank = True
                newlines += breaks
                j += 1
            while k < m and cand[k] < j:
                k += 1
            if j >= n or i == 0:
                continue
            prev = tx(i - 1)
            nxt = tx(j)
            if not newlines:  # "target of 8.5 days.  Since the report ..."
                if prev in SENTENCE_END and _starts_sentence_after_stop(nxt):
                    sents.append(j)
                    clauses.append(j)
                elif prev in CLAUSE_END:
                    clauses.append(j)
                continue
            wrapped = (
                not blank and prev not in LINE_END and nxt[:1].islower() and nxt not in BULLETS
            )
            if wrapped:
                if prev in SENTENCE_END and _starts_sentence_after_stop(nxt):
                    sents.append(j)
                    clauses.append(j)
                continue
            lines.append(j)
            if blank:
                paras.append(j)
            sents.append(j)
            clauses.append(j)
            continue
        k += 1
        j = i + 1
        if j >= n or is_space[j]:
            continue  # handled by the whitespace run that follows
        current = tx(i)
        if current in SENTENCE_END:
            if _starts_sentence_after_stop(tx(j)):
                sents.append(j)
                clauses.append(j)
        elif current in CLAUSE_END:
            clauses.append(j)
    extra = _coordinated_reports(doc, arr[:, 0])
    if extra:
        clauses = sorted(set(clauses).union(extra))
    return sents, clauses, lines, paras


def _coordinated_reports(doc: Doc, orth: np.ndarray) -> list[int]:
    """Token indices of the "and" in each ", and that" (found vectorised, like the rest)."""
    if len(orth) < 3:
        return []
    comma, conj, that = (doc.vocab.strings.add(w) for w in COORDINATED_REPORT)
    hits = (orth[:-2] == comma) & (orth[1:-1] == conj) & (orth[2:] == that)
    return (np.flatnonzero(hits) + 1).tolist()


def _offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Character offset and length of every token."""
    arr = doc.to_array([IDX, LENGTH])
    return arr[:, 0].tolist(), arr[:, 1].tolist()


def _bounds(doc: Doc, starts: list[int], is_space: np.ndarray) -> tuple[tuple[int, int], ...]:
    """(start, end) from each start to the next, with trailing whitespace tokens trimmed."""
    out = []
    edges = [*starts, len(doc)]
    for start, end in itertools.pairwise(edges):
        while end > start and is_space[end - 1]:
            end -= 1
        if end > start:
            out.append((start, end))
    return tuple(out)


@Language.component("mg_structure")
def structure_component(doc: Doc) -> Doc:
    """Set sentence starts and the clause, line and paragraph structure of a minute."""
    if not len(doc):
        return doc
    text = doc.user_data.get(TEXT_KEY)
    offsets = _offsets(doc)
    sents, clauses, lines, paras = segment(doc, text, offsets)
    flags = np.full(len(doc), -1, dtype="int64")
    flags[0] = 1
    flags[sents] = 1
    doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
    is_space = doc.to_array(IS_SPACE)
    _STRUCTURES[doc] = Structure(
        sentences=_bounds(doc, sents, is_space),
        clauses=_bounds(doc, clauses, is_space),
        lines=_bounds(doc, lines, is_space),
        paragraphs=_bounds(doc, paras, is_space),
        idx=offsets[0],
        length=offsets[1],
    )
    return doc


@dataclass(frozen=True)
class Structure:
    """Token bounds (start, end) of a minute's sentences, clauses, lines and paragraphs, with
    fast lookups from a token index to the unit holding it. Plain ints: cheap to keep on a doc."""

    sentences: tuple[tuple[int, int], ...]
    clauses: tuple[tuple[int, int], ...]
    lines: tuple[tuple[int, int], ...]
    paragraphs: tuple[tuple[int, int], ...]
    idx: list[int] = field(default_factory=list, compare=False, repr=False)  # token char offsets
    length: list[int] = field(default_factory=list, compare=False, repr=False)  # and lengths
    _starts: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)
    # per kind, the unit index of every token (built on first use): a look-up is a list read
    _tables: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def _starts_of(self, kind: str) -> list[int]:
        starts = self._starts.get(kind)
        if starts is None:
            starts = [b[0] for b in getattr(self, kind)]
            self._starts[kind] = starts
        return starts

    def _index(self, kind: str, i: int) -> int:
        table = self._tables.get(kind)
        if table is None:
            # one vectorised search for every token of the doc, instead of a bisect per call
            # (the components ask a few hundred times per minute)
            n = len(self.idx)
            found = np.searchsorted(np.asarray(self._starts_of(kind)), np.arange(n), "right")
            table = self._tables[kind] = np.maximum(found - 1, 0).tolist() if n else []
        if 0 <= i < len(table):
            return table[i]
        return max(0, bisect_right(self._starts_of(kind), i) - 1)

    def locate(self, kind: str, positions: list[int]) -> list[int]:
        """Indices in `kind` ("sentences", "clauses", "lines", "paragraphs") of the units
        holding each token position, in one vectorised search."""
        if not positions:
            return []
        starts = self._starts_of(kind)
        found = np.searchsorted(np.asarray(starts), np.asarray(positions), side="right") - 1
        return np.maximum(found, 0).tolist()

    def sentence_index(self, i: int) -> int:
        """Index in `sentences` of the sentence holding token i."""
        return self._index("sentences", i)

    def clause_index(self, i: int) -> int:
        """Index in `clauses` of the clause holding token i."""
        return self._index("clauses", i)

    def line_index(self, i: int) -> int:
        """Index in `lines` of the line holding token i."""
        return self._index("lines", i)

    def paragraph_index(self, i: int) -> int:
        """Index in `paragraphs` of the paragraph holding token i."""
        return self._index("paragraphs", i)

    def sentence(self, i: int) -> tuple[int, int]:
        """(start, end) of the sentence holding token i."""
        return self.sentences[self.sentence_index(i)] if self.sentences else (0, 0)

    def char_bounds(self, bounds: tuple[int, int]) -> tuple[int, int]:
        """Character (start, end) of the token range `bounds`."""
        start, end = bounds
        if end <= start or not self.idx:
            return (0, 0)
        return self.idx[start], self.idx[end - 1] + self.length[end - 1]

    def clause(self, i: int) -> tuple[int, int]:
        """(start, end) of the clause holding token i."""
        return self.clauses[self.clause_index(i)] if self.clauses else (0, 0)


def structure_of(doc: Doc) -> Structure:
    """The structure "mg_structure" stored on the doc (computed now if it did not run)."""
    found = _STRUCTURES.get(doc)
    if found is None:
        structure_component(doc)
        found = _STRUCTURES.get(doc, Structure((), (), (), ()))
    return found


def is_heading(line: Span) -> bool:
    """A short line that does not end like a sentence: an item title or a sub-heading."""
    words = [t for t in line if not t.is_punct and not t.is_space]
    return 0 < len(words) <= 14 and line[-1].text not in LINE_END and not line[0].text[:1].islower()


def is_list_item(line: Span) -> bool:
    """A line opened by a bullet, a dash or a label such as "a)" or "c."."""
    first = line[0].text
    if first in BULLETS:
        return True
    return len(line) > 1 and len(first) <= 2 and first.isalpha() and line[1].text in {")", "."}
