"""Result types of the copy check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["member", "reference"]


@dataclass(frozen=True)
class Match:
    """A verified pair. ``kind`` is "reference" when ``b`` is a reference text (then
    ``a`` is the member), else "pair". ``containment_a`` is the share of a's text
    (shingle positions, quotes of the ignored texts excluded) also found in b; ``score``
    is the larger of the two containments; ``jaccard`` the Jaccard similarity of the
    two shingle sets (common stock phrases excluded)."""

    a: str
    b: str
    kind: Literal["pair", "reference"]
    score: float
    jaccard: float
    containment_a: float
    containment_b: float

    def to_json(self) -> dict:
        return {"a": self.a, "b": self.b, "score": round(self.score, 4), "kind": self.kind}


@dataclass(frozen=True)
class Cluster:
    """Three or more documents that share the same copied text (e.g. many members who
    copied one published sample). ``members`` are member keys only (sorted); ``source``
    is the reference text they copied when there is one (``source_kind="reference"``),
    else None: who copied whom among members is for a human (or the submission times)
    to decide. ``matches`` are the verified links that tie the cluster together (a
    spanning tree of the strongest links: one fewer than the documents, not n²);
    ``score`` is their median score."""

    members: list[str]
    source: str | None = None
    source_kind: Kind | None = None
    score: float = 0.0
    matches: list[Match] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"members": list(self.members), "source": self.source}


@dataclass
class Result:
    """Pairs (two documents) and clusters (three or more). A document is in at most one
    of them. ``stats`` holds counts and timings of the run (documents, candidates,
    verified, seconds per phase)."""

    pairs: list[Match] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """``{"pairs":[{"a","b","score","kind"}], "clusters":[{"members","source"}]}``"""
        return {
            "pairs": [m.to_json() for m in self.pairs],
            "clusters": [c.to_json() for c in self.clusters],
        }
