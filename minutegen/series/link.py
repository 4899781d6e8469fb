"""One indicator across wordings: which figures of an archive belong to one series.

Minutes name an indicator a different way each quarter ("re-referrals repeated within 12
months", "children re-referred to Children's Social Care within 12 months of a previous
referral"). Figures are linked, within one source and one unit only (two councils' figures,
or a count and a percentage, are never one series), by:

1. the catalogue id the extractor gave, when the catalogue's unit is the figure's unit;
2. else the catalogue entry of that unit its name matches (rapidfuzz, below);
3. else another wording of the same source and unit it matches.

A match needs the same parameters ("within 12 months" is not "within 2 years": the numbers
of a name and the word after each must agree), and two different wordings that stand in one
document are two indicators, never linked to each other.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from ..catalogue import Catalogue, load_catalogue, normalise_name

# The measure check uses to link a figure's name to a data row (extract/indicators.py,
# ROW_THRESHOLD: the mean of token_set_ratio and token_sort_ratio, chosen there by
# measurement), a little stricter. On the Darlington children's services quarters in
# corpus/dev the right catalogue entries scored 78.8 to 92.5 and the best wrong one 73.4.
LINK_THRESHOLD = 78.0
# words before a number that make it a code, not a parameter ("section 47", "NI 62")
CODE_WORDS = frozenset({"section", "ni", "nas", "ascof", "bvpi", "pi", "kpi", "ref", "no"})
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def parameters(normalised: str) -> frozenset[tuple[str, str]]:
    """The parameters of a normalised name: each number with the word after it."""
    words = normalised.split()
    found = set()
    for index, word in enumerate(words):
        if not _NUMBER.match(word) or (index and words[index - 1] in CODE_WORDS):
            continue
        found.add((word, words[index + 1] if index + 1 < len(words) else ""))
    return frozenset(found)


def similarity(left: str, right: str) -> float:
    """How alike two normalised names are, 0-100 (mean of token set and token sort ratios)."""
    return (fuzz.token_set_ratio(left, right) + fuzz.token_sort_ratio(left, right)) / 2


@dataclass
class _Node:
    """One normalised wording within a source and unit, with what its figures carry."""

    key: str
    params: frozenset[tuple[str, str]]
    wordings: Counter[str] = field(default_factory=Counter)
    ids: Counter[str] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    id: str | None = None


@dataclass(frozen=True)
class Link:
    """The series a figure belongs to: a stable id, the catalogue id, and its display name."""

    series: str
    indicator: str
    indicator_id: str | None


class _Clusters:
    """Union-find over nodes that keeps each cluster's catalogue id and documents."""

    def __init__(self, nodes: list[_Node]) -> None:
        self.parent = list(range(len(nodes)))
        self.id = [node.id for node in nodes]
        self.documents = [set(node.documents) for node in nodes]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, *, same_id: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.id[ra] and self.id[rb] and self.id[ra] != self.id[rb]:
            return False  # two catalogue indicators
        if not same_id and self.documents[ra] & self.documents[rb]:
            return False  # two wordings in one minute are two indicators
        self.parent[rb] = ra
        self.id[ra] = self.id[ra] or self.id[rb]
        self.documents[ra] |= self.documents[rb]
        return True


def link_series(
    sources: Sequence[str],
    units: Sequence[str],
    names: Sequence[str],
    ids: Sequence[str | None],
    documents: Sequence[str],
    *,
    catalogue: Catalogue | None = None,
    threshold: float = LINK_THRESHOLD,
) -> list[Link]:
    """The series of each figure (same order as the inputs)."""
    cat = catalogue if catalogue is not None else load_catalogue()
    groups: dict[tuple[str, str], list[int]] = {}
    for index, key in enumerate(zip(sources, units, strict=True)):
        groups.setdefault(key, []).append(index)
    out: list[Link | None] = [None] * len(names)
    for (source, unit), members in groups.items():
        for index, link in _link_group(
            source, unit, members, names, ids, documents, cat, threshold
        ):
            out[index] = link
    return [link for link in out if link is not None]


def _link_group(
    source: str,
    unit: str,
    members: list[int],
    names: Sequence[str],
    ids: Sequence[str | None],
    documents: Sequence[str],
    cat: Catalogue,
    threshold: float,
) -> list[tuple[int, Link]]:
    nodes: dict[str, _Node] = {}
    node_of: dict[int, str] = {}
    normalised: dict[str, str] = {}  # each distinct wording normalised once
    for index in members:
        name = names[index]
        key = normalised.get(name)
        if key is None:
            key = normalised[name] = normalise_name(name) or name.lower()
        node = nodes.get(key)
        if node is None:
            node = nodes[key] = _Node(key, parameters(key))
        node.wordings[names[index]] += 1
        node.documents.add(documents[index])
        entry = cat.get(ids[index]) if ids[index] else None
        if entry is not None and entry.unit == unit:  # a count's id on a percentage is wrong
            node.ids[str(ids[index])] += 1
        node_of[index] = key
    order = sorted(nodes)
    listed = [nodes[key] for key in order]
    choices, owners = _catalogue_choices(cat, unit)
    for node in listed:
        if node.ids:
            node.id = min(node.ids, key=lambda i: (-node.ids[i], i))
        elif choices:
            node.id = _catalogue_link(node, choices, owners, cat, threshold)
    clusters = _Clusters(listed)
    by_id: dict[str, int] = {}
    for position, node in enumerate(listed):
        if node.id:
            clusters.union(by_id.setdefault(node.id, position), position, same_id=True)
    if len(listed) > 1:
        pairs = _close_pairs([node.key for node in listed], threshold)
        pairs = [p for p in pairs if listed[p[1]].params == listed[p[2]].params]
        for _, a, b in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
            clusters.union(a, b)
    # each cluster's name: the catalogue's, else its commonest wording
    members_of: dict[int, list[_Node]] = {}
    for position, node in enumerate(listed):
        members_of.setdefault(clusters.find(position), []).append(node)
    links: dict[str, Link] = {}
    for root, group in members_of.items():
        wordings: Counter[str] = Counter()
        for node in group:
            wordings.update(node.wordings)
        common = min(wordings, key=lambda w: (-wordings[w], w))
        cluster_id = clusters.id[root]
        entry = cat.get(cluster_id) if cluster_id else None
        display = entry.name if entry is not None else common
        stem = cluster_id or _slug(common)
        link = Link(f"{source}:{stem}:{unit}", display, cluster_id)
        for node in group:
            links[node.key] = link
    return [(index, links[node_of[index]]) for index in members]


BLOCK = 512  # wordings scored against all others at a time: memory stays BLOCK x n


def _close_pairs(keys: list[str], threshold: float) -> list[tuple[float, int, int]]:
    """(score, a, b) for every pair a < b of wordings scoring at least `threshold`, scored a
    block of rows at a time so that 20,000 wordings do not need a 20,000 x 20,000 matrix."""
    pairs: list[tuple[float, int, int]] = []
    for low in range(0, len(keys), BLOCK):
        rows = keys[low : low + BLOCK]
        scores = 0.5 * process.cdist(rows, keys, scorer=fuzz.token_set_ratio, dtype=np.float32)
        scores += 0.5 * process.cdist(rows, keys, scorer=fuzz.token_sort_ratio, dtype=np.float32)
        for a, b in zip(*np.nonzero(scores >= threshold), strict=True):
            if low + a < b:
                pairs.append((float(scores[a, b]), int(low + a), int(b)))
    return pairs


@lru_cache(maxsize=64)
def _catalogue_choices(cat: Catalogue, unit: str) -> tuple[list[str], list[str]]:
    choices, owners = [], []
    for entry in cat.entries:
        if entry.unit != unit:
            continue
        for text in (entry.name, *entry.aliases):
            key = normalise_name(text)
            if " " in key:  # one word ("rereferrals") is too little to go on
                choices.append(key)
                owners.append(entry.id)
    return choices, owners


def _catalogue_link(
    node: _Node, choices: list[str], owners: list[str], cat: Catalogue, threshold: float
) -> str | None:
    """The catalogue entry (of the node's unit) its name matches, with the same parameters."""
    scores = (
        0.5 * process.cdist([node.key], choices, scorer=fuzz.token_set_ratio, dtype=np.float32)[0]
        + 0.5
        * process.cdist([node.key], choices, scorer=fuzz.token_sort_ratio, dtype=np.float32)[0]
    )
    for position in np.argsort(-scores, kind="stable"):
        if scores[position] < threshold:
            return None
        if parameters(choices[position]) == node.params:
            return owners[position]
    return None


def _slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return "-".join(words)[:60].strip("-") or "unnamed"
