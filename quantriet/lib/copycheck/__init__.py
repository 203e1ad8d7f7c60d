"""Copy detection for learning reports (bài thu hoạch): Vietnamese-aware, numpy only.

No Django in this package. Public API (stable; the Django side in
``quantriet.copychecks`` codes against it):

* ``normalise(text) -> str``: NFC, lower case, accents/đ/tone placement folded
  ("Hoà bình" == "hòa bình" == "HOA BINH" == NFD input), punctuation dropped, one space
  between syllables. ``tokens(text)`` gives the syllables with their character offsets.
* ``Params``: shingle size (syllables), number of MinHash bins, LSH banding and the
  decision thresholds. Frozen; two sketches are comparable only with equal
  ``Params.fingerprint``.
* ``sketch(text, params) -> Sketch`` and ``sketch_many(texts, params, workers=)``:
  the shingle hashes of a text (in reading order, uint32) and its MinHash signature.
  ``Sketch.to_bytes()`` / ``Sketch.from_bytes(data)`` for storage in a database column
  (4 bytes per syllable + 20: ≈ 6.9 KB for a report of 1,700 syllables).
* ``CopyIndex(params, ignore_texts=(resolution text, ...))``: ``add``/``remove``
  documents (members or reference texts) by text or stored sketch, ``query`` one new
  report against the index (incremental check), ``check`` everything (or the part
  touching some keys). Verification is exact on the shingle hashes held by the
  sketches: no text is re-read, no loader callback is needed.
* ``Match``, ``Cluster``, ``Result`` (``Result.to_json()`` is the command-line JSON).
* ``align(text_a, text_b, params, ignore_texts=()) -> list[Passage]``: shared passages
  as character offsets into the original texts, for side-by-side highlighting.

See docs/copycheck.md for the design, the measured quality and the numbers.
"""

from __future__ import annotations

from .align import Passage, align
from .index import CopyIndex
from .params import Params
from .results import Cluster, Match, Result
from .sketching import Sketch, sketch, sketch_many
from .text import normalise, tokens

__all__ = [
    "Cluster",
    "CopyIndex",
    "Match",
    "Params",
    "Passage",
    "Result",
    "Sketch",
    "align",
    "normalise",
    "sketch",
    "sketch_many",
    "tokens",
]
