"""The copy index: candidates by MinHash LSH, exact verification, clustering.

Pipeline of a full check (docs/copycheck.md has the reasons and the numbers):

1. Every document is a Sketch: its shingle hashes in reading order. Positions whose
   shingle also occurs in an ignored text (the resolution) are masked out for good.
2. Common shingles: document frequency estimated on (a sample of) the index. A common
   shingle counts only inside a long run of common shingles (a text copied by many);
   isolated ones (stock phrases of honest reports) are dropped from signatures and from
   verification.
3. Signatures: one-permutation MinHash of each document's remaining shingles; LSH
   bands; a pair is a candidate when ``min_band_hits`` bands agree. Buckets larger than
   ``big_bucket`` (many members with one copied text) give a star (every member with
   the bucket's first document), not all pairs: linear, not quadratic.
4. Verification of every candidate, exactly, on the shingle hashes: containment both
   ways and Jaccard. Flag when max containment >= threshold.
5. Connected components of the flagged pairs: two documents -> a pair, more -> one
   cluster (with the reference text as source when one is in it).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

from .params import Params
from .results import Cluster, Match, Result
from .sketching import Sketch, oph_signature, shingle_hashes, sketch
from .text import mix64, token_hashes

_EMPTY_U32 = np.zeros(0, dtype=np.uint32)


class _BitSet:
    """Approximate membership of uint32 hashes: one bit per value of the top ``bits``
    bits, with ``bits`` chosen so that the table holds about 128 bits per member (4 MB
    for 200,000 common shingles; at most 16 MB). A value not in the set is reported in
    it with probability at most 1/128: such a shingle is then merely not counted, which
    lowers a score by that fraction at most. Vectorised and cache-friendly, unlike a
    binary search per shingle."""

    def __init__(self, values: np.ndarray):
        bits = int(np.clip(np.ceil(np.log2(max(1, len(values)) * 128)), 12, 27))
        self.shift = np.uint32(32 - bits)
        self.size = len(values)
        self.arr = np.zeros(1 << (bits - 3), dtype=np.uint8)
        idx = values >> self.shift
        np.bitwise_or.at(self.arr, idx >> np.uint32(3), np.left_shift(1, idx & 7).astype(np.uint8))

    def contains(self, values: np.ndarray) -> np.ndarray:
        if self.size == 0 or len(values) == 0:
            return np.zeros(len(values), dtype=bool)
        idx = values >> self.shift
        byte = self.arr[idx >> np.uint32(3)]
        byte >>= (idx & np.uint32(7)).astype(np.uint8)
        byte &= 1
        return byte.view(bool)


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """np.unique for small uint32 arrays (several times faster than np.unique here)."""
    if len(a) == 0:
        return a
    s = np.sort(a)
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def _intersection_size(a: np.ndarray, b: np.ndarray) -> int:
    """|a ∩ b| of two sorted uint32 sets (a stable sort of two sorted runs is a merge)."""
    c = np.concatenate([a, b])
    c.sort(kind="stable")
    return int(np.count_nonzero(c[1:] == c[:-1]))


def _keep_runs(
    keep: np.ndarray,
    pos: np.ndarray,
    row_of: np.ndarray | None,
    gap: int,
    min_len: int,
    value: bool,
    density: float = 0.0,
) -> None:
    """Runs of the positions ``pos`` (gaps of at most ``gap`` allowed, never across
    documents). With ``value`` True, set keep in the long runs: at least ``min_len``
    positions, making up at least ``density`` of the run's span (long runs of common
    shingles count; common phrases sprinkled through honest prose do not). With
    ``value`` False, clear keep in the short runs (boilerplate)."""
    if len(pos) == 0:
        return
    new = np.empty(len(pos), dtype=bool)
    new[0] = True
    new[1:] = np.diff(pos) > gap + 1
    if row_of is not None:
        new[1:] |= np.diff(row_of[pos]) != 0
    cid = np.cumsum(new) - 1
    size = np.bincount(cid)
    ok = size >= min_len
    if density > 0:
        first = np.flatnonzero(new)
        last = np.append(first[1:], len(pos)) - 1
        span = pos[last] - pos[first] + 1
        ok &= size >= density * span
    long_run = ok[cid]
    keep[pos[long_run if value else ~long_run]] = value


class _Doc:
    __slots__ = ("key", "ref", "sh")

    def __init__(self, key: str, ref: bool, sh: np.ndarray):
        self.key = key
        self.ref = ref
        self.sh = sh  # uint32 shingles in reading order (as sketched)


class CopyIndex:
    """Documents (members' reports and reference texts) of one campaign.

    ``ignore_texts``: texts everybody may quote (the resolution): their shingles never
    count as copying. Memory: about 5 bytes per syllable of the indexed texts plus
    0.8 KB per document (≈ 400 MB for 44,000 reports of 1,500 words); see
    docs/copycheck.md for partitioning beyond a province.
    """

    def __init__(self, params: Params | None = None, *, ignore_texts: Sequence[str] = ()):
        self.params = params or Params()
        p = self.params
        parts = [
            shingle_hashes(token_hashes(t, p.seed), p.shingle, p.seed) for t in ignore_texts if t
        ]
        self._ignore = _sorted_unique(np.concatenate(parts)) if parts else _EMPTY_U32
        self._ignore_set = _BitSet(self._ignore)
        self._docs: list[_Doc | None] = []
        self._pos: dict[str, int] = {}
        self._built = False
        self._common = _EMPTY_U32
        self._common_set = _BitSet(_EMPTY_U32)
        self._boiler = _EMPTY_U32
        self._boiler_set = _BitSet(_EMPTY_U32)
        # state of the last build
        # per doc: counted positions, as np.packbits of a bool mask (1 bit per syllable)
        self._keep: list[np.ndarray | None] = []
        self._bands: np.ndarray = np.zeros((0, p.bands), dtype=np.uint32)
        self._has_sig: np.ndarray = np.zeros(0, dtype=bool)
        self._table_keys = np.zeros(0, dtype=np.uint64)
        self._table_docs = np.zeros(0, dtype=np.int32)
        self._built_n = 0  # documents covered by the sorted table
        self._pending: dict[int, np.ndarray] = {}  # added since the build: band values
        self._sets: dict[int, np.ndarray] = {}
        self.last_build_seconds = 0.0

    # -- documents -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._pos)

    def __contains__(self, key: str) -> bool:
        return key in self._pos

    def keys(self) -> list[str]:
        return list(self._pos)

    def memory_bytes(self) -> int:
        """Bytes held by the index's arrays (shingles, masks, signatures, LSH table,
        verification cache); Python objects (keys) not included."""
        n = sum(d.sh.nbytes for d in self._docs if d is not None)
        n += sum(k.nbytes for k in self._keep if k is not None)
        n += self._bands.nbytes + self._table_keys.nbytes + self._table_docs.nbytes
        n += sum(s.nbytes for s in self._sets.values())
        n += self._ignore_set.arr.nbytes + self._common_set.arr.nbytes + self._boiler_set.arr.nbytes
        return n

    def _shingles(self, text_or_sketch: str | Sketch | bytes | None) -> np.ndarray:
        if isinstance(text_or_sketch, (bytes, bytearray, memoryview)):
            text_or_sketch = Sketch.from_bytes(text_or_sketch, self.params)
        if isinstance(text_or_sketch, Sketch):
            if text_or_sketch.fingerprint != self.params.fingerprint:
                raise ValueError("sketch made with other parameters")
            return text_or_sketch.shingles
        return sketch(text_or_sketch or "", self.params).shingles

    def add(
        self,
        key: str,
        text: str | None = None,
        *,
        sketch: Sketch | bytes | None = None,
        kind: Literal["member", "reference"] = "member",
    ) -> None:
        """Add (or replace) a document by its text or a stored sketch. After the first
        build the document is searchable at once (its signature uses the current
        common-shingle set); ``check`` rebuilds everything."""
        if kind not in ("member", "reference"):
            raise ValueError("kind must be 'member' or 'reference'")
        if (text is None) == (sketch is None):
            raise ValueError("give exactly one of text and sketch")
        sh = self._shingles(sketch if sketch is not None else text)
        if key in self._pos:
            self.remove(key)
        self._pos[str(key)] = len(self._docs)
        self._docs.append(_Doc(str(key), kind == "reference", sh))
        self._keep.append(None)
        if self._built:
            keep, band = self._filter_one(sh)
            self._keep[-1] = np.packbits(keep)
            if keep.any():
                self._pending[len(self._docs) - 1] = band

    def add_many(
        self,
        items: Iterable[tuple[str, Sketch | bytes]],
        kind: Literal["member", "reference"] = "member",
    ) -> None:
        """Add many (key, sketch) pairs; the index is rebuilt on the next check/query."""
        if kind not in ("member", "reference"):
            raise ValueError("kind must be 'member' or 'reference'")
        ref = kind == "reference"
        for key, sk in items:
            sh = self._shingles(sk)
            key = str(key)
            if key in self._pos:
                self.remove(key)
            self._pos[key] = len(self._docs)
            self._docs.append(_Doc(key, ref, sh))
            self._keep.append(None)
        self._built = False

    def remove(self, key: str) -> None:
        """Remove a document (KeyError if absent)."""
        i = self._pos.pop(key)
        self._docs[i] = None
        self._keep[i] = None
        self._sets.pop(i, None)
        self._pending.pop(i, None)
        if i < len(self._has_sig):
            self._has_sig[i] = False

    # -- build -----------------------------------------------------------------------

    def _alive(self) -> list[int]:
        return [i for i, d in enumerate(self._docs) if d is not None]

    def _compute_common(self, alive: list[int]) -> None:
        p = self.params
        n = len(alive)
        self._common = _EMPTY_U32
        self._common_set = _BitSet(_EMPTY_U32)
        self._boiler = _EMPTY_U32
        self._boiler_set = _BitSet(_EMPTY_U32)
        if n == 0:
            return
        if n > p.dfsample:
            step = n / p.dfsample
            sample = [alive[int(i * step)] for i in range(p.dfsample)]
            need = max(2, int(np.ceil(p.common_df * len(sample))))
        else:
            sample = alive
            need = max(p.common_min_docs, int(np.ceil(p.common_df * n)))
        boiler_need = max(need, p.boiler_min_docs, int(np.ceil(p.boiler_df * len(sample))))
        allh = np.concatenate([_sorted_unique(self._docs[i].sh) for i in sample])
        if len(allh) == 0:
            return
        allh.sort()
        edge = np.flatnonzero(allh[1:] != allh[:-1]) + 1
        starts = np.concatenate([[0], edge])
        counts = np.diff(np.concatenate([starts, [len(allh)]]))
        common = allh[starts[counts >= need]]
        boiler = allh[starts[counts >= boiler_need]]
        common = common[~self._ignore_set.contains(common)]
        self._common = common
        self._common_set = _BitSet(common)
        self._boiler = boiler[~self._ignore_set.contains(boiler)]
        self._boiler_set = _BitSet(self._boiler)

    def _keep_mask(self, sh: np.ndarray, row_of: np.ndarray | None = None) -> np.ndarray:
        """Positions that count: not ignored, not an isolated common shingle (stock
        phrase), not a boilerplate shingle outside a very long run. ``row_of``: the
        document of each position when ``sh`` holds several documents back to back."""
        p = self.params
        common = self._common_set.contains(sh)
        keep = ~common
        if len(self._ignore):
            keep &= ~self._ignore_set.contains(sh)
        _keep_runs(
            keep, np.flatnonzero(common), row_of, p.chain_gap, p.chain_min, True, p.chain_density
        )
        if len(self._boiler):
            boiler = self._boiler_set.contains(sh)
            _keep_runs(keep, np.flatnonzero(boiler), row_of, p.chain_gap, p.boiler_chain, False)
        return keep

    def _band_values(self, sig: np.ndarray) -> np.ndarray:
        """(n, num_perm) signatures -> (n, bands) band values."""
        p = self.params
        if p.rows == 1:
            return sig
        n = sig.shape[0]
        s = sig.reshape(n, p.bands, p.rows).astype(np.uint64)
        acc = np.zeros((n, p.bands), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for r in range(p.rows):
                acc = acc * np.uint64(0x100000001B3) + s[:, :, r]
        return (mix64(acc) >> np.uint64(32)).astype(np.uint32)

    def _filter_one(self, sh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keep = self._keep_mask(sh)
        sig = oph_signature(sh[keep], self.params.num_perm)
        return keep, self._band_values(sig[None, :])[0]

    def rebuild(self) -> None:
        """Recompute common shingles, signatures and the LSH table (check() does it)."""
        t0 = time.perf_counter()
        p = self.params
        alive = self._alive()
        self._compute_common(alive)
        self._sets = {}
        ndocs = len(self._docs)
        nbins = p.num_perm
        sig = np.full((ndocs, nbins), 0xFFFFFFFF, dtype=np.uint32)
        has = np.zeros(ndocs, dtype=bool)
        shift = np.uint32(32 - (nbins.bit_length() - 1))
        # Vectorised over chunks of documents (bounded temporary memory).
        chunk: list[int] = []
        size = 0
        for i in [*alive, -1]:
            if i >= 0:
                chunk.append(i)
                size += len(self._docs[i].sh)
                if size < 4_000_000:
                    continue
            if not chunk:
                break
            arrays = [self._docs[j].sh for j in chunk]
            lens = np.array([len(a) for a in arrays], dtype=np.int64)
            buf = np.concatenate(arrays)
            offsets = np.concatenate([[0], np.cumsum(lens)])
            row_of = np.repeat(np.arange(len(chunk), dtype=np.int32), lens)
            keep = self._keep_mask(buf, row_of)
            kept = np.flatnonzero(keep)
            rows = row_of[kept]
            h = buf[kept]
            flat = np.asarray(chunk, dtype=np.int64)[rows] * nbins + (h >> shift)
            np.minimum.at(sig.reshape(-1), flat, h)
            counts = np.bincount(rows, minlength=len(chunk))
            for j, a, b, c in zip(chunk, offsets[:-1], offsets[1:], counts, strict=True):
                self._keep[j] = np.packbits(keep[a:b])
                has[j] = c > 0
            chunk = []
            size = 0
        # densify rows with empty bins; empty documents get no signature
        empty_bins = sig == 0xFFFFFFFF
        for j in np.flatnonzero(empty_bins.any(axis=1) & has):
            sig[j] = oph_signature(self._docs[j].sh[self._keep_of(j)], nbins)
        sig[~has] = 0
        bands = self._band_values(sig)
        self._bands = bands
        self._has_sig = has
        docs_idx = np.flatnonzero(has)
        m = len(docs_idx)
        nb = p.bands
        # Sorted by (band, value, document): one SIMD sort of (value << 32 | doc) per band.
        table_keys = np.empty(nb * m, dtype=np.uint64)
        table_docs = np.empty(nb * m, dtype=np.int32)
        low = np.uint64(0xFFFFFFFF)
        for b in range(nb):
            comp = (bands[docs_idx, b].astype(np.uint64) << np.uint64(32)) | docs_idx.astype(
                np.uint64
            )
            comp.sort()
            table_keys[b * m : (b + 1) * m] = (comp >> np.uint64(32)) | (
                np.uint64(b) << np.uint64(32)
            )
            table_docs[b * m : (b + 1) * m] = comp & low
        self._table_keys = table_keys
        self._table_docs = table_docs
        self._built_n = ndocs
        self._pending = {}
        self._built = True
        self.last_build_seconds = time.perf_counter() - t0

    # -- verification ----------------------------------------------------------------

    def _keep_of(self, i: int) -> np.ndarray:
        sh = self._docs[i].sh
        k = self._keep[i]
        if k is None:
            return np.ones(len(sh), dtype=bool)
        return np.unpackbits(k, count=len(sh)).view(bool)

    def _set(self, i: int) -> np.ndarray:
        """Sorted set of the counted shingles of document i (cached until the rebuild)."""
        s = self._sets.get(i)
        if s is None:
            s = _sorted_unique(self._docs[i].sh[self._keep_of(i)])
            if len(self._sets) >= 50_000:  # bound the cache (queries touch few documents)
                self._sets.clear()
            self._sets[i] = s
        return s

    def _compare(self, sa: np.ndarray, sb: np.ndarray) -> tuple[float, float, float]:
        """(jaccard, containment_a, containment_b) of two counted shingle sets; zeros
        when they share fewer than ``min_shared`` shingles."""
        if len(sa) < self.params.min_shared or len(sb) < self.params.min_shared:
            return 0.0, 0.0, 0.0
        ni = _intersection_size(sa, sb)
        if ni < self.params.min_shared:
            return 0.0, 0.0, 0.0
        return ni / (len(sa) + len(sb) - ni), ni / len(sa), ni / len(sb)

    def _make_match(self, ka, refa, kb, refb, jac, ca, cb) -> Match | None:
        if refa and refb:
            return None
        if refa:  # the member first
            ka, kb, ca, cb = kb, ka, cb, ca
        kind = "reference" if (refa or refb) else "pair"
        return Match(ka, kb, kind, max(ca, cb), jac, ca, cb)

    # -- queries ---------------------------------------------------------------------

    def _candidates_for(self, band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(doc indices, band hits) of documents sharing >= min_band_hits bands."""
        p = self.params
        nb = p.bands
        qkeys = (np.arange(nb, dtype=np.uint64) << np.uint64(32)) | band.astype(np.uint64)
        lo = np.searchsorted(self._table_keys, qkeys, side="left")
        hi = np.searchsorted(self._table_keys, qkeys, side="right")
        lens = hi - lo
        parts = []
        total = int(lens.sum())
        if total:
            nz = np.flatnonzero(lens)
            idx = np.repeat(lo[nz] - np.cumsum(np.concatenate([[0], lens[nz][:-1]])), lens[nz])
            idx = idx + np.arange(total)
            parts.append(self._table_docs[idx])
        if self._pending:  # added since the build
            idx = np.fromiter(self._pending, dtype=np.int64, count=len(self._pending))
            hits = (np.stack(list(self._pending.values())) == band[None, :]).sum(axis=1)
            for j, h in zip(idx.tolist(), hits.tolist(), strict=True):
                if h:
                    parts.append(np.full(h, j, dtype=np.int64))
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        alld = np.sort(np.concatenate(parts))
        first = np.empty(len(alld), dtype=bool)
        first[0] = True
        np.not_equal(alld[1:], alld[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        docs = alld[starts]
        hits = np.diff(np.append(starts, len(alld)))
        ok = hits >= p.min_band_hits
        return docs[ok], hits[ok]

    def query(self, key: str, text_or_sketch: str | Sketch | bytes) -> list[Match]:
        """Verified matches (score >= threshold) of one new member report against the
        index, best first: ``a`` is ``key``, ``b`` the other member or the reference
        text (``kind`` "reference"). The index is not changed; a document stored under
        ``key`` is skipped. At most ``params.query_limit`` candidates (most band hits
        first) are verified. Uses the common-shingle set of the last build (the first
        query builds the index)."""
        if not self._built:
            self.rebuild()
        p = self.params
        sh = self._shingles(text_or_sketch)
        keep, band = self._filter_one(sh)
        if not keep.any():
            return []
        docs, hits = self._candidates_for(band)
        own = self._pos.get(key)
        order = np.argsort(-hits, kind="stable")
        sa = _sorted_unique(sh[keep])
        out = []
        verified = 0
        for j in docs[order].tolist():
            d = self._docs[j]
            if d is None or j == own:
                continue
            if verified >= p.query_limit:
                break
            verified += 1
            jac, ca, cb = self._compare(sa, self._set(j))
            m = self._make_match(key, False, d.key, d.ref, jac, ca, cb)
            if m is not None and m.score >= p.threshold:
                out.append(m)
        out.sort(key=lambda m: (-m.score, m.b))
        return out

    def _candidate_pairs(self) -> np.ndarray:
        """(k, 2) array of candidate document pairs (i < j) with enough band hits."""
        p = self.params
        keys = self._table_keys
        docs = self._table_docs
        if len(keys) < 2:
            return np.zeros((0, 2), dtype=np.int64)
        edge = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        starts = np.concatenate([[0], edge])
        sizes = np.diff(np.concatenate([starts, [len(keys)]]))
        pa: list[np.ndarray] = []
        pb: list[np.ndarray] = []
        small = (sizes >= 2) & (sizes <= p.big_bucket)
        for s in np.unique(sizes[small]).tolist():
            st = starts[sizes == s]
            members = docs[st[:, None] + np.arange(s)[None, :]]
            iu, ju = np.triu_indices(s, 1)
            pa.append(members[:, iu].reshape(-1))
            pb.append(members[:, ju].reshape(-1))
        big = np.flatnonzero(sizes > p.big_bucket)
        for g in big.tolist():
            st, s = starts[g], sizes[g]
            members = docs[st : st + s]
            pa.append(np.full(s - 1, members[0]))
            pb.append(members[1:])
        if not pa:
            return np.zeros((0, 2), dtype=np.int64)
        a = np.concatenate(pa)
        b = np.concatenate(pb)
        lo = np.minimum(a, b).astype(np.uint64)
        hi = np.maximum(a, b).astype(np.uint64)
        code = (lo << np.uint64(32)) | hi
        code.sort()
        edge = np.flatnonzero(code[1:] != code[:-1]) + 1
        st = np.concatenate([[0], edge])
        cnt = np.diff(np.concatenate([st, [len(code)]]))
        sel = code[st[cnt >= p.min_band_hits]]
        first = (sel >> np.uint64(32)).astype(np.int64)
        second = (sel & np.uint64(0xFFFFFFFF)).astype(np.int64)
        return np.stack([first, second], axis=1)

    def check(self, keys: Iterable[str] | None = None) -> Result:
        """Full check (rebuilds the index). With ``keys``: only the pairs and clusters
        touching those keys (clusters keep all their members)."""
        p = self.params
        t0 = time.perf_counter()
        self.rebuild()
        t1 = time.perf_counter()
        cand = self._candidate_pairs()
        t2 = time.perf_counter()
        edges: list[tuple[int, int, Match]] = []
        for i, j in cand.tolist():
            di, dj = self._docs[i], self._docs[j]
            if di is None or dj is None or (di.ref and dj.ref):
                continue
            jac, ca, cb = self._compare(self._set(i), self._set(j))
            if max(ca, cb) < p.threshold:
                continue
            m = self._make_match(di.key, di.ref, dj.key, dj.ref, jac, ca, cb)
            if m is not None:
                edges.append((i, j, m))
        t3 = time.perf_counter()
        self._sets = {}  # release the verification cache (queries refill it lazily)
        result = self._group(edges)
        if keys is not None:
            wanted = set(keys)
            result.pairs = [m for m in result.pairs if m.a in wanted or m.b in wanted]
            result.clusters = [c for c in result.clusters if wanted.intersection(c.members)]
        result.stats = {
            "documents": len(self),
            "candidates": int(len(cand)),
            "flagged_links": len(edges),
            "common_shingles": int(len(self._common)),
            "build_seconds": round(t1 - t0, 3),
            "candidate_seconds": round(t2 - t1, 3),
            "verify_seconds": round(t3 - t2, 3),
            "total_seconds": round(time.perf_counter() - t0, 3),
        }
        return result

    def _group(self, edges: list[tuple[int, int, Match]]) -> Result:
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        tree: list[tuple[int, int, Match]] = []  # the links that joined two groups
        for e in sorted(edges, key=lambda e: -e[2].score):
            ri, rj = find(e[0]), find(e[1])
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
                tree.append(e)
        comps: dict[int, list[tuple[int, int, Match]]] = {}
        for e in tree:
            comps.setdefault(find(e[0]), []).append(e)
        pairs: list[Match] = []
        clusters: list[Cluster] = []
        for comp in comps.values():
            nodes = {x for i, j, _ in comp for x in (i, j)}
            members = sorted(self._docs[x].key for x in nodes if not self._docs[x].ref)
            refs = [x for x in nodes if self._docs[x].ref]
            matches = [m for _, _, m in comp]
            if len(nodes) == 2 or len(members) < 2:
                pairs.extend(matches)
                continue
            source = None
            if refs:
                degree = {r: 0 for r in refs}
                for i, j, _m in comp:
                    for x in (i, j):
                        if x in degree:
                            degree[x] += 1
                best = max(refs, key=lambda r: (degree[r], self._docs[r].key))
                source = self._docs[best].key
            matches.sort(key=lambda m: (m.a, m.b))
            clusters.append(
                Cluster(
                    members=members,
                    source=source,
                    source_kind="reference" if source else None,
                    score=statistics.median(m.score for m in matches),
                    matches=matches,
                )
            )
        pairs.sort(key=lambda m: (-m.score, m.a, m.b))
        clusters.sort(key=lambda c: (-len(c.members), c.members[0]))
        return Result(pairs=pairs, clusters=clusters)
