"""Vietnamese normalisation and tokenisation, vectorised with numpy.

Every character is mapped through one table (code points below U+2000, which holds all
Latin and Vietnamese letters): upper/lower case, accents, vowel shapes (ă â ê ô ơ ư),
đ and tone placement all fold to the same ASCII letter; combining marks (NFD input)
are dropped; everything that is not a letter or digit separates syllables. So NFC,
NFD, accent-stripped text and old/new tone placement ("hòa"/"hoà") give the same
syllables. Code points from U+2000 up (punctuation, symbols, emoji, CJK) separate.

The token hash is a polynomial hash of the folded letters computed for all tokens at
once with prefix sums modulo 2**64, then mixed (splitmix64): no Python loop per
character or per token.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from quantriet.lib import vntext

_LIMIT = 0x2000
SKIP = -1
SEP = 0

_M64 = (1 << 64) - 1
_BASE = 0x9E3779B97F4A7C15 | 1
_BASE_INV = pow(_BASE, -1, 1 << 64)


def _build_tables() -> tuple[np.ndarray, dict[int, str]]:
    values = np.zeros(_LIMIT + 1, dtype=np.int64)
    trans: dict[int, str] = {}
    for cp in range(_LIMIT):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat.startswith("M"):
            values[cp] = SKIP
            trans[cp] = ""
            continue
        if not ch.isalnum():
            values[cp] = SEP
            trans[cp] = " "
            continue
        folded = vntext.fold(ch)
        if len(folded) == 1 and folded.isascii() and folded.isalnum():
            if folded.isdigit():
                values[cp] = 27 + ord(folded) - ord("0")
            else:
                values[cp] = 1 + ord(folded) - ord("a")
            trans[cp] = folded
        else:
            low = ch.lower()
            low = low if len(low) == 1 else ch
            values[cp] = 64 + ord(low)
            trans[cp] = low
    values[_LIMIT] = SEP
    return values, trans


_VALUES, _TRANS = _build_tables()
_VALUES16 = _VALUES.astype(np.int16)
_HIGH_RE = re.compile("[^\x00-\u1fff]+")

_pow: np.ndarray = np.ones(1, dtype=np.uint64)
_pow_inv: np.ndarray = np.ones(1, dtype=np.uint64)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """B**j and B**-j modulo 2**64 for j < n (cached, grown by doubling)."""
    global _pow, _pow_inv
    if len(_pow) < n:
        size = max(n, 2 * len(_pow), 4096)
        p = np.full(size, _BASE, dtype=np.uint64)
        p[0] = 1
        q = np.full(size, _BASE_INV, dtype=np.uint64)
        q[0] = 1
        with np.errstate(over="ignore"):
            _pow = np.cumprod(p, dtype=np.uint64)
            _pow_inv = np.cumprod(q, dtype=np.uint64)
    return _pow[:n], _pow_inv[:n]


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, element-wise on a uint64 array (new array)."""
    x = x.astype(np.uint64, copy=True)
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


def _scan(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(positions of kept chars, their values, token starts, token ends) with starts and
    ends as indices into the kept-char arrays."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    vals = _VALUES16.take(codes, mode="clip")  # beyond the table: its last entry, SEP
    if len(vals) and vals.min() < 0:
        pos = np.flatnonzero(vals != SKIP)
        vals = vals[pos]
    else:
        pos = None
    letter = np.empty(len(vals) + 2, dtype=np.int8)
    letter[0] = letter[-1] = 0
    letter[1:-1] = vals > 0
    d = np.diff(letter)
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    if pos is None:
        pos = np.arange(len(vals))
    return pos, vals, starts, ends


def token_hashes(text: str, seed: int = 0) -> np.ndarray:
    """uint64 hash of every syllable of ``text`` (after folding), in reading order."""
    _, vals, starts, ends = _scan(text)
    return _hash_tokens(vals, starts, ends, seed)


def _hash_tokens(vals: np.ndarray, starts: np.ndarray, ends: np.ndarray, seed: int) -> np.ndarray:
    if len(starts) == 0:
        return np.zeros(0, dtype=np.uint64)
    p, q = _powers(len(vals) + 1)
    with np.errstate(over="ignore"):
        h = np.zeros(len(vals) + 1, dtype=np.uint64)
        np.cumsum(vals.astype(np.uint64) * p[1:], out=h[1:])
        tok = (h[ends] - h[starts]) * q[starts]
        tok ^= np.uint64(seed & _M64)
    return mix64(tok)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Syllables of ``text``: (normalised syllable, start, end), offsets in characters of
    the original string (``text[start:end]`` is the syllable as written, combining
    marks included)."""
    pos, _, starts, ends = _scan(text)
    out = []
    n = len(text)
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        a = int(pos[s])
        b = int(pos[e]) if e < len(pos) else n
        out.append((normalise(text[a:b]), a, b))
    return out


def token_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end character offsets of every syllable (numpy int64 arrays)."""
    pos, _, starts, ends = _scan(text)
    if len(starts) == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z
    ext = np.append(pos, len(text))
    return ext[starts].astype(np.int64), ext[ends].astype(np.int64)


def normalise(text: str) -> str:
    """Folded form: NFC/NFD, case, accents, đ and tone placement folded, punctuation
    dropped, syllables separated by one space. "Hoà bình, ĐOÀN KẾT!" -> "hoa binh doan
    ket"; equal for the accent-stripped and NFD versions of the same text."""
    text = _HIGH_RE.sub(" ", text or "").translate(_TRANS)
    return " ".join(text.split())
