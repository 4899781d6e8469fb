"""The structure of a minute: paragraphs, headings, list items, sentences and clauses.

Minutes pack many results into one sentence ("It was highlighted that A; B; and C"), so the
unit for roles, indicators and assessment is the clause; paragraphs and headings carry the
framing ("The areas highlighted for focus were ...") that colours every clause beneath them.
The component "mg_structure" sets sentence starts and `doc.spans["mg_clauses"]`,
`doc.spans["mg_paragraphs"]` and `doc.spans["mg_lines"]`; `structure_of(doc)` gives the
check engineer the same structure as plain lookups.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

CLAUSES = "mg_clauses"
PARAGRAPHS = "mg_paragraphs"
LINES = "mg_lines"

SENTENCE_END = frozenset({".", "?", "!"})
CLAUSE_END = frozenset({";"})
LINE_END = frozenset({".", "?", "!", ":", ";"})
BULLETS = frozenset({"•", "·", "-", "–", "—", "o", "*", "▪", "◦", "‣", "●"})
OPENERS = frozenset({'"', "'", "“", "‘", "(", "["})


def _starts_sentence_after_stop(token_text: str) -> bool:
    """Whether a token following a full stop opens a new sentence."""
    first = token_text[:1]
    return first.isupper() or first.isdigit() or token_text in BULLETS or first in OPENERS


def segment(doc: Doc) -> tuple[list[int], list[int], list[int], list[int]]:
    """Token indices where sentences, clauses, lines and paragraphs start (pure, no writes).

    A line break starts a sentence unless the line was wrapped mid-sentence (the next line
    starts in lower case and the previous one did not end a clause); a blank line starts a
    paragraph; ";" starts a clause.
    """
    sents: list[int] = []
    clauses: list[int] = []
    lines: list[int] = []
    paras: list[int] = []
    n = len(doc)
    pending_break = 2  # 0 none, 1 line break, 2 paragraph break (document start)
    prev_text = ""
    after_stop = False
    after_clause = False
    for i in range(n):
        token = doc[i]
        text = token.text
        if token.is_space:
            newlines = text.count("\n")
            if newlines >= 2:
                pending_break = 2
            elif newlines == 1:
                # a line holding only spaces between two newlines is a blank line
                pending_break = 2 if pending_break >= 1 else 1
            continue
        if pending_break:
            wrapped = (
                pending_break == 1
                and prev_text not in LINE_END
                and text[:1].islower()
                and text not in BULLETS
            )
            if not wrapped:
                lines.append(i)
                if pending_break == 2:
                    paras.append(i)
                sents.append(i)
                clauses.append(i)
            elif after_stop and _starts_sentence_after_stop(text):
                sents.append(i)
                clauses.append(i)
        elif after_stop and _starts_sentence_after_stop(text):
            sents.append(i)
            clauses.append(i)
        elif after_clause:
            clauses.append(i)
        pending_break = 0
        after_stop = text in SENTENCE_END
        after_clause = text in CLAUSE_END
        prev_text = text
    return sents, clauses, lines, paras


def _spans(doc: Doc, starts: list[int]) -> list[Span]:
    """Spans from each start to the next, with trailing whitespace tokens trimmed off."""
    spans = []
    bounds = [*starts, len(doc)]
    for start, end in itertools.pairwise(bounds):
        while end > start and doc[end - 1].is_space:
            end -= 1
        if end > start:
            spans.append(doc[start:end])
    return spans


@Language.component("mg_structure")
def structure_component(doc: Doc) -> Doc:
    """Set sentence starts and the clause, line and paragraph spans of a minute."""
    sents, clauses, lines, paras = segment(doc)
    starts = set(sents)
    for i, token in enumerate(doc):
        token.is_sent_start = i in starts or i == 0
    doc.spans[CLAUSES] = _spans(doc, clauses)
    doc.spans[LINES] = _spans(doc, lines)
    doc.spans[PARAGRAPHS] = _spans(doc, paras)
    return doc


@dataclass(frozen=True)
class Structure:
    """Fast lookups from a token to the clause, line and paragraph it stands in."""

    clauses: tuple[Span, ...]
    lines: tuple[Span, ...]
    paragraphs: tuple[Span, ...]
    clause_starts: tuple[int, ...]
    line_starts: tuple[int, ...]
    paragraph_starts: tuple[int, ...]

    @staticmethod
    def _find(starts: tuple[int, ...], spans: tuple[Span, ...], i: int) -> int:
        return max(0, bisect_right(starts, i) - 1) if spans else -1

    def clause_index(self, i: int) -> int:
        """Index in `clauses` of the clause holding token i."""
        return self._find(self.clause_starts, self.clauses, i)

    def clause(self, i: int) -> Span:
        """The clause holding token i."""
        return self.clauses[self.clause_index(i)]

    def line_index(self, i: int) -> int:
        """Index in `lines` of the line holding token i."""
        return self._find(self.line_starts, self.lines, i)

    def paragraph_index(self, i: int) -> int:
        """Index in `paragraphs` of the paragraph holding token i."""
        return self._find(self.paragraph_starts, self.paragraphs, i)


def structure_of(doc: Doc) -> Structure:
    """The clause/line/paragraph structure of a doc that went through "mg_structure"."""
    clauses = tuple(doc.spans[CLAUSES]) if CLAUSES in doc.spans else (doc[:],)
    lines = tuple(doc.spans[LINES]) if LINES in doc.spans else (doc[:],)
    paras = tuple(doc.spans[PARAGRAPHS]) if PARAGRAPHS in doc.spans else (doc[:],)
    return Structure(
        clauses=clauses,
        lines=lines,
        paragraphs=paras,
        clause_starts=tuple(s.start for s in clauses),
        line_starts=tuple(s.start for s in lines),
        paragraph_starts=tuple(s.start for s in paras),
    )


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
