"""Sketches: the shingle hashes of one text and its MinHash signature."""

from __future__ import annotations

import gc
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .params import Params
from .text import _hash_tokens, _scan, mix64, token_hashes

_MAGIC = b"QCS1"
_HEADER = struct.Struct("<4sQII")  # magic, params fingerprint, n_tokens, n_shingles
_MULT = np.uint64(0xD6E8FEB86659FD93)
_EMPTY = np.zeros(0, dtype=np.uint32)
_BATCH = 64


def shingle_hashes(token_hash: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """uint32 hash of every run of ``k`` consecutive syllables, in reading order (one per
    position; a text shorter than ``k`` syllables gives one shingle). Never 0 (0 marks
    an ignored position inside an index)."""
    n = len(token_hash)
    if n == 0:
        return np.zeros(0, dtype=np.uint32)
    k = min(k, n)
    m = n - k + 1
    with np.errstate(over="ignore"):
        acc = token_hash[:m].copy()
        for j in range(1, k):
            acc *= _MULT
            acc += token_hash[j : j + m]
        acc += np.uint64((seed * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF)
    out = (mix64(acc) >> np.uint64(32)).astype(np.uint32)
    out[out == 0] = 1
    return out


def oph_signature(hashes: np.ndarray, num_perm: int) -> np.ndarray:
    """One-permutation MinHash of a set of uint32 hashes: the minimum of each of
    ``num_perm`` bins (top bits of the hash), empty bins densified by borrowing from the
    next non-empty bin (rotation, then re-hashed with the distance). All zeros for an
    empty set. The probability that two signatures agree in a bin is the Jaccard
    similarity of the two sets, as for classic k-permutation MinHash."""
    sig = np.zeros(num_perm, dtype=np.uint32)
    if len(hashes) == 0:
        return sig
    u = np.sort(hashes)  # duplicates are harmless: the first of each bin is its minimum
    shift = 32 - (num_perm.bit_length() - 1)
    bins = (u >> np.uint32(shift)).astype(np.int64)
    first = np.searchsorted(bins, np.arange(num_perm), side="left")
    present = np.zeros(num_perm, dtype=bool)
    present[bins] = True
    idx = np.minimum(first, len(u) - 1)
    sig[:] = u[idx]
    if not present.all():
        _densify(sig, present)
    return sig


def _densify(sig: np.ndarray, present: np.ndarray) -> None:
    n = len(sig)
    full = np.flatnonzero(present)
    # next non-empty bin to the right, circularly
    pos = np.arange(n)
    j = np.searchsorted(full, pos, side="left")
    nxt = full[j % len(full)]
    dist = (nxt - pos) % n
    empty = ~present
    borrowed = sig[nxt[empty]].astype(np.uint64) + (dist[empty].astype(np.uint64) << 32)
    sig[empty] = (mix64(borrowed) >> np.uint64(32)).astype(np.uint32) | np.uint32(1)


@dataclass(frozen=True, eq=False)
class Sketch:
    """What the copy check needs of one text, without the text.

    ``shingles``: uint32 hash of each shingle in reading order (position i covers
    syllables i .. i+shingle-1); ``n_tokens``: number of syllables; ``fingerprint``:
    Params it was made with. ``signature``: one-permutation MinHash of the whole
    shingle set (uint32[num_perm]), computed on first use and not stored: the index
    makes its own without stock phrases and quotes."""

    shingles: np.ndarray
    n_tokens: int
    fingerprint: int
    num_perm: int = 128

    @cached_property
    def signature(self) -> np.ndarray:
        return oph_signature(self.shingles, self.num_perm)

    def to_bytes(self) -> bytes:
        """Compact little-endian encoding: 20 bytes + 4 bytes per syllable."""
        head = _HEADER.pack(_MAGIC, self.fingerprint, self.n_tokens, len(self.shingles))
        return head + np.ascontiguousarray(self.shingles, dtype="<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes | memoryview, params: Params | None = None) -> Sketch:
        """Inverse of ``to_bytes``. With ``params``, raises ValueError when the sketch was
        made with other parameters (recompute it from the text)."""
        data = bytes(data)
        if len(data) < _HEADER.size:
            raise ValueError("not a copycheck sketch")
        magic, fp, n_tokens, n = _HEADER.unpack_from(data, 0)
        if magic != _MAGIC or len(data) != _HEADER.size + 4 * n:
            raise ValueError("not a copycheck sketch")
        if params is not None and fp != params.fingerprint:
            raise ValueError("sketch made with other parameters")
        shingles = np.frombuffer(data, dtype="<u4", count=n, offset=_HEADER.size)
        num_perm = (fp >> 8) & 0xFFFF
        return cls(shingles.astype(np.uint32), int(n_tokens), int(fp), num_perm)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sketch):
            return NotImplemented
        return (
            self.n_tokens == other.n_tokens
            and self.fingerprint == other.fingerprint
            and np.array_equal(self.shingles, other.shingles)
        )

    __hash__ = None  # type: ignore[assignment]


def sketch(text: str, params: Params | None = None) -> Sketch:
    """Sketch of one text (NFC/NFD/accent-stripped variants give equal sketches)."""
    params = params or Params()
    tok = token_hashes(text or "", params.seed)
    sh = shingle_hashes(tok, params.shingle, params.seed)
    return Sketch(sh, len(tok), params.fingerprint, params.num_perm)


def _sketch_batch(texts: Sequence[str], params: Params) -> list[Sketch]:
    """Same as [sketch(t) for t in texts], with one numpy pass over all the texts
    (joined with NUL, which separates syllables) instead of one per text."""
    k = params.shingle
    joined = "\x00".join(t or "" for t in texts)
    pos, vals, starts, ends = _scan(joined)
    tok = _hash_tokens(vals, starts, ends, params.seed)
    # first character of every text, in the joined string
    lens = np.fromiter((len(t or "") + 1 for t in texts), dtype=np.int64, count=len(texts))
    first = np.concatenate([[0], np.cumsum(lens)[:-1]])
    tok_doc = np.searchsorted(first, pos[starts], side="right") - 1 if len(starts) else starts
    ntok = (
        np.bincount(tok_doc, minlength=len(texts))
        if len(starts)
        else np.zeros(len(texts), dtype=np.int64)
    )
    tok_off = np.concatenate([[0], np.cumsum(ntok)])
    allsh = shingle_hashes(tok, k, params.seed) if len(tok) >= k else _EMPTY
    out = []
    for i, n in enumerate(ntok.tolist()):
        a = int(tok_off[i])
        if n >= k:
            sh = allsh[a : a + n - k + 1].copy()
        else:
            sh = shingle_hashes(tok[a : a + n], k, params.seed)
        out.append(Sketch(sh, n, params.fingerprint, params.num_perm))
    return out


_FORK_TEXTS: Sequence[str] = ()  # the texts of sketch_many, inherited by forked workers


def _sketch_range(args: tuple[int, int, Params]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Worker: sketches of _FORK_TEXTS[start:end] as (all shingles, lengths, n_tokens):
    three arrays travel back cheaply, not thousands of objects."""
    start, end, params = args
    sks: list[Sketch] = []
    for i in range(start, end, _BATCH):
        sks.extend(_sketch_batch(_FORK_TEXTS[i : min(i + _BATCH, end)], params))
    lens = np.fromiter((len(x.shingles) for x in sks), dtype=np.int64, count=len(sks))
    ntok = np.fromiter((x.n_tokens for x in sks), dtype=np.int64, count=len(sks))
    allsh = np.concatenate([x.shingles for x in sks]) if sks else _EMPTY
    return allsh, lens, ntok


def sketch_many(
    texts: Iterable[str], params: Params | None = None, *, workers: int = 1
) -> list[Sketch]:
    """Sketches of many texts, in order. ``workers`` > 1 forks that many processes
    (where fork exists) for 2,000 texts or more; the texts are inherited, not sent."""
    global _FORK_TEXTS
    params = params or Params()
    texts = list(texts)
    import multiprocessing as mp

    if workers <= 1 or len(texts) < 2000 or "fork" not in mp.get_all_start_methods():
        out: list[Sketch] = []
        for i in range(0, len(texts), _BATCH):
            out.extend(_sketch_batch(texts[i : i + _BATCH], params))
        return out
    size = max(_BATCH, len(texts) // (workers * 8))
    ranges = [(i, min(i + size, len(texts)), params) for i in range(0, len(texts), size)]
    _FORK_TEXTS = texts
    # Freeze the parent's objects so that the children's garbage collector does not
    # touch (and copy-on-write) the whole heap.
    gc.freeze()
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            out = []
            for allsh, lens, ntok in pool.imap(_sketch_range, ranges):
                offs = np.concatenate([[0], np.cumsum(lens)])
                for j in range(len(lens)):
                    sh = allsh[offs[j] : offs[j + 1]]
                    out.append(Sketch(sh, int(ntok[j]), params.fingerprint, params.num_perm))
    finally:
        _FORK_TEXTS = ()
        gc.unfreeze()
    return out
