"""Alignment of the passages two texts share, as offsets into the original texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .params import Params
from .sketching import shingle_hashes
from .text import token_hashes, token_spans


@dataclass(frozen=True)
class Passage:
    """text_a[a_start:a_end] is (nearly) the same text as text_b[b_start:b_end]."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


def _shingles(text: str, params: Params) -> np.ndarray:
    return shingle_hashes(token_hashes(text, params.seed), params.shingle, params.seed)


def align(
    text_a: str,
    text_b: str,
    params: Params | None = None,
    ignore_texts: Sequence[str] = (),
    *,
    max_gap: int = 3,
) -> list[Passage]:
    """Shared passages of two texts, ordered by position in text_a.

    Offsets are character offsets into the original (un-normalised) strings, so they
    can highlight an NFD or accent-stripped copy as typed. A passage is a run of shared
    shingles that follow each other in both texts; runs separated by at most
    ``max_gap`` syllables on both sides (a swapped word) are merged. Shingles that occur
    in ``ignore_texts`` (the resolution) are not shared; a passage shorter than
    ``shingle + 2`` syllables is left out (an incidental common phrase)."""
    params = params or Params()
    k = params.shingle
    sa = _shingles(text_a or "", params)
    sb = _shingles(text_b or "", params)
    if len(sa) == 0 or len(sb) == 0:
        return []
    ignore = [_shingles(t, params) for t in ignore_texts if t]
    ign = np.unique(np.concatenate(ignore)) if ignore else np.zeros(0, dtype=np.uint32)
    shared = np.isin(sa, sb) & ~np.isin(sa, ign)
    where_b: dict[int, list[int]] = {}
    for j, h in enumerate(sb.tolist()):
        where_b.setdefault(h, []).append(j)
    # greedy diagonal runs: (a_first, a_last, b_first, b_last) in shingle positions
    runs: list[list[int]] = []
    for i in np.flatnonzero(shared).tolist():
        h = int(sa[i])
        if runs:
            r = runs[-1]
            if r[1] == i - 1 and r[3] + 1 < len(sb) and sb[r[3] + 1] == h:
                r[1], r[3] = i, r[3] + 1
                continue
        js = where_b[h]
        j = js[0]
        if runs and runs[-1][3] < js[-1]:  # prefer the occurrence after the last run
            j = next(x for x in js if x > runs[-1][3])
        runs.append([i, i, j, j])
    # to syllable ranges [start, end) and merge over small gaps
    spans: list[list[int]] = []
    for a0, a1, b0, b1 in runs:
        cur = [a0, a1 + k, b0, b1 + k]
        if spans:
            p = spans[-1]
            if 0 <= cur[0] - p[1] <= max_gap and 0 <= cur[2] - p[3] <= max_gap:
                p[1], p[3] = max(p[1], cur[1]), max(p[3], cur[3])
                continue
            if cur[0] < p[1] and 0 <= cur[2] - p[3] <= max_gap:  # overlap in a
                p[1], p[3] = max(p[1], cur[1]), max(p[3], cur[3])
                continue
        spans.append(cur)
    na = len(sa) + k - 1 if len(sa) else 0
    nb = len(sb) + k - 1 if len(sb) else 0
    a_st, a_en = token_spans(text_a)
    b_st, b_en = token_spans(text_b)
    out = []
    for a0, a1, b0, b1 in spans:
        a1, b1 = min(a1, na, len(a_st)), min(b1, nb, len(b_st))
        if a1 - a0 < k + 2 or b1 - b0 < k + 2:
            continue
        out.append(Passage(int(a_st[a0]), int(a_en[a1 - 1]), int(b_st[b0]), int(b_en[b1 - 1])))
    out.sort(key=lambda p: (p.a_start, p.b_start))
    return out
