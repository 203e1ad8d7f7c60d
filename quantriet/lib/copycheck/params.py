"""Parameters of the copy check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Params:
    """All knobs of the copy check, with the defaults measured in docs/copycheck.md.

    Shingles are ``shingle`` consecutive *syllables* after normalisation: Vietnamese
    writes one syllable per space-separated token, word segmentation is too slow and
    unnecessary (DESIGN.md §6); 4 syllables ≈ 2 words: chance sharing between honest
    reports is removed by the common-shingle rule below, and a swapped word breaks only
    4 shingles (docs/copycheck.md has the measurements for 3 to 6).

    MinHash: one-permutation hashing with ``num_perm`` bins (a power of two) and
    densification of empty bins. LSH: ``bands`` bands of ``rows`` bins; a pair of
    documents is a candidate when at least ``min_band_hits`` bands agree (a vote over
    bands rather than a single OR, which keeps partial copies - Jaccard ≈ 0.1-0.2 -
    at recall ≈ 1 while honest pairs stay out).

    Common shingles: a shingle found in at least ``common_min_docs`` documents and in at
    least ``common_df`` of them (fraction) is *common*; common shingles count only when
    they stand in a run of at least ``chain_min`` common shingles (gaps of at most
    ``chain_gap`` positions allowed) that covers at least ``chain_density`` of its span: a
    sample text copied by many members is a long dense run, a stock phrase of honest
    reports is a short one, common collocations are sparse; those are ignored.

    Boilerplate: a shingle found in at least ``boiler_df`` of the documents (and at least
    ``boiler_min_docs``), such as the opening and closing formulas many members write word
    for word, counts only in a run of at least ``boiler_chain`` such shingles (a sample
    copied by a large share of the members still is one).

    A verified pair is flagged when ``max(containment_a, containment_b) >= threshold``
    (the share of one report's counted shingles found in the other) and they share at
    least ``min_shared`` distinct counted shingles.

    ``big_bucket``: LSH buckets larger than this give a star, not all pairs;
    ``dfsample``: documents sampled for document frequencies beyond that many;
    ``query_limit``: candidates verified per query; ``seed``: of all hashes (part of the
    fingerprint).
    """

    shingle: int = 4
    num_perm: int = 128
    bands: int = 128
    rows: int = 1
    min_band_hits: int = 5
    common_min_docs: int = 3
    common_df: float = 0.0
    chain_min: int = 12
    chain_gap: int = 12
    chain_density: float = 0.4
    boiler_df: float = 0.08
    boiler_min_docs: int = 10
    boiler_chain: int = 200
    threshold: float = 0.2
    min_shared: int = 25
    big_bucket: int = 32
    dfsample: int = 3000
    query_limit: int = 500
    seed: int = 0x5EED

    def __post_init__(self) -> None:
        if self.num_perm < 8 or self.num_perm & (self.num_perm - 1):
            raise ValueError("num_perm must be a power of two >= 8")
        if self.bands * self.rows != self.num_perm:
            raise ValueError("bands * rows must equal num_perm")
        if not 1 <= self.min_band_hits <= self.bands:
            raise ValueError("min_band_hits must be between 1 and bands")
        if self.shingle < 1:
            raise ValueError("shingle must be >= 1")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")

    @property
    def fingerprint(self) -> int:
        """What a stored Sketch depends on (shingle size, bins, hash seed): sketches with
        another fingerprint must be recomputed from the text."""
        return (
            (self.shingle & 0xFF)
            | ((self.num_perm & 0xFFFF) << 8)
            | ((self.seed & 0xFFFFFFFF) << 24)
        )
