"""Benchmark the copy check (issue 4) against datasketch on a labelled corpus.

    .venv/bin/python bench/bench_copycheck.py --reports 44000
    .venv/bin/python bench/bench_copycheck.py --reports 44000 --runs 3 --skip-baseline

Corpus: bench/copycorpus.py (held-out seed 11 by default, ~1,500 words per report,
planted copies of every kind), cached as JSON lines under /tmp (generation is timed
separately and is not part of the check).

Measured, in the same run:

1. Full check, ours: sketch every text (2 worker processes), index, check (common
   shingles, MinHash, LSH, exact verification of every candidate, clusters).
   Target: < 30 s for 44,000 reports on 2 cores.
2. Baseline, datasketch: the same shingles (our syllable 4-gram hashes, computed by the
   same 2 processes, that time included) into ``MinHash(num_perm=128).update_batch``
   (identity hash function: the cheapest way to feed it), then ``MinHashLSH``
   (threshold 0.2, its own optimal bands/rows) insert of every document and a query
   per document for the candidate pairs. Candidates only, no verification: the
   baseline does strictly less work than ours. Target: ours >= 4x faster.
3. One new report against the index of all the others: ``CopyIndex.query`` (sketch of
   the text included), median over --queries reports; and datasketch's MinHash +
   ``MinHashLSH.query`` for the same reports. Target: < 50 ms.
4. Quality of our full check on the corpus (precision and recall per planted kind).

Prints medians of --runs runs and the machine load. Not a test: never run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import copycorpus  # noqa: E402

from quantriet.lib.copycheck import CopyIndex, Params, sketch, sketch_many  # noqa: E402


def load_corpus(n: int, seed: int, words: int) -> tuple[copycorpus.Corpus, float | None]:
    path = Path(f"/tmp/copycorpus-v{copycorpus.VERSION}-{n}-{seed}-{words}.jsonl")
    if path.exists():
        with path.open(encoding="utf-8") as f:
            head = json.loads(f.readline())
            docs = [copycorpus.Doc(**json.loads(line)) for line in f]
        return copycorpus.Corpus(head["seed"], head["resolution"], docs), None
    t0 = time.perf_counter()
    corpus = copycorpus.generate(n, seed, words=words)
    gen = time.perf_counter() - t0
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"seed": corpus.seed, "resolution": corpus.resolution}) + "\n")
        for d in corpus.docs:
            f.write(json.dumps(d.__dict__, ensure_ascii=False) + "\n")
    tmp.rename(path)
    return corpus, gen


def ours_full(corpus, params: Params, workers: int):
    t0 = time.perf_counter()
    texts = [d.text for d in corpus.docs]
    sks = sketch_many(texts, params, workers=workers)
    t1 = time.perf_counter()
    index = CopyIndex(params, ignore_texts=[corpus.resolution])
    index.add_many([(d.key, s) for d, s in zip(corpus.docs, sks, strict=True) if d.kind != "ref"])
    index.add_many(
        [(d.key, s) for d, s in zip(corpus.docs, sks, strict=True) if d.kind == "ref"],
        kind="reference",
    )
    t2 = time.perf_counter()
    result = index.check()
    t3 = time.perf_counter()
    phases = {"sketch": t1 - t0, "index": t2 - t1, "check": t3 - t2, "total": t3 - t0}
    return index, result, phases, sks


# -- datasketch baseline -------------------------------------------------------------------


def _identity(x):
    return x


def _ds_minhashes(args):
    texts, params = args
    from datasketch import MinHash

    out = []
    for t in texts:
        sh = sketch(t, params).shingles
        m = MinHash(num_perm=params.num_perm, hashfunc=_identity, seed=1)
        m.update_batch(sh.tolist())
        out.append((m.hashvalues, m.scheme))
    return out


def baseline_full(corpus, params: Params, workers: int):
    import multiprocessing as mp

    from datasketch import LeanMinHash, MinHashLSH

    t0 = time.perf_counter()
    texts = [d.text for d in corpus.docs]
    size = max(50, len(texts) // (workers * 8))
    chunks = [(texts[i : i + size], params) for i in range(0, len(texts), size)]
    hv: list[tuple[np.ndarray, str]] = []
    with mp.get_context("fork").Pool(workers) as pool:
        for part in pool.imap(_ds_minhashes, chunks):
            hv.extend(part)
    t1 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.2, num_perm=params.num_perm)
    mhs = [LeanMinHash(seed=1, hashvalues=h, scheme=sc) for h, sc in hv]
    with lsh.insertion_session() as session:
        for d, m in zip(corpus.docs, mhs, strict=True):
            session.insert(d.key, m)
    t2 = time.perf_counter()
    pairs = set()
    for d, m in zip(corpus.docs, mhs, strict=True):
        for other in lsh.query(m):
            if other != d.key:
                pairs.add((d.key, other) if d.key < other else (other, d.key))
    t3 = time.perf_counter()
    phases = {"minhash": t1 - t0, "lsh_insert": t2 - t1, "lsh_query": t3 - t2, "total": t3 - t0}
    return lsh, mhs, pairs, phases


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the worker pools)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description="copycheck benchmark (issue 4)")
    ap.add_argument("--reports", type=int, default=44_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--words", type=int, default=1500)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--skip-baseline", action="store_true")
    args = ap.parse_args()
    params = Params()
    print(f"load average: {os.getloadavg()}, cpus: {os.cpu_count()}")
    corpus, gen = load_corpus(args.reports, args.seed, args.words)
    n_words = sum(d.text.count(" ") + 1 for d in corpus.docs[:1000]) / min(1000, len(corpus.docs))
    print(
        f"corpus: {len(corpus.docs)} documents (seed {args.seed}, ~{n_words:.0f} words each), "
        + (f"generated in {gen:.1f} s" if gen is not None else "from the /tmp cache")
    )

    totals = []
    cpus = []
    for run in range(args.runs):
        c0 = cpu_seconds()
        index, result, ph, sks = ours_full(corpus, params, args.workers)
        cpus.append(cpu_seconds() - c0)
        totals.append(ph["total"])
        print(
            f"ours run {run + 1}: total {ph['total']:.2f} s wall, {cpus[-1]:.2f} s CPU "
            f"(sketch {ph['sketch']:.2f}, "
            f"index {ph['index']:.2f}, check {ph['check']:.2f}); {result.stats}; "
            f"load {os.getloadavg()[0]:.1f}"
        )
    ours = statistics.median(totals)
    ev = copycorpus.evaluate(corpus, result)
    print(copycorpus.format_table(ev))
    sketch_bytes = sum(len(s.to_bytes()) for s in sks)
    print(f"sketch storage: {sketch_bytes / 1e6:.1f} MB ({sketch_bytes / len(sks):.0f} B/report)")
    print(f"index arrays after the check: {index.memory_bytes() / 1e6:.0f} MB")
    print(f"max RSS so far (corpus texts included): {rss_mb():.0f} MB")

    # incremental: one report against all the others
    keys = [d for d in corpus.docs if d.kind != "ref"]
    step = max(1, len(keys) // args.queries)
    sample = keys[::step][: args.queries]
    times = []
    for d in sample:
        t0 = time.perf_counter()
        index.query(d.key, d.text)
        times.append(time.perf_counter() - t0)
    times.sort()
    q_med = statistics.median(times)
    q_p90 = times[int(0.9 * (len(times) - 1))]
    print(
        f"ours query (1 report vs {len(index) - 1}): median {q_med * 1000:.2f} ms, "
        f"p90 {q_p90 * 1000:.2f} ms, max {times[-1] * 1000:.2f} ms over {len(times)}"
    )
    # query equals full check for these reports
    partners: dict[str, set[str]] = {}
    for m in result.pairs:
        partners.setdefault(m.a, set()).add(m.b)
        partners.setdefault(m.b, set()).add(m.a)
    for c in result.clusters:
        ms = set(c.members) | ({c.source} if c.source else set())
        for k in ms:
            partners.setdefault(k, set()).update(ms - {k})
    agree = 0
    for d in sample:
        got = {m.b for m in index.query(d.key, d.text)}
        want = partners.get(d.key, set())
        agree += (got <= want) and (bool(got) == bool(want))
    print(f"query agrees with the full check for {agree}/{len(sample)} sampled reports")
    del sks

    if args.skip_baseline:
        return
    btotals = []
    bcpus = []
    for run in range(args.runs):
        c0 = cpu_seconds()
        lsh, mhs, pairs, bph = baseline_full(corpus, params, args.workers)
        bcpus.append(cpu_seconds() - c0)
        btotals.append(bph["total"])
        print(
            f"datasketch run {run + 1}: total {bph['total']:.2f} s wall, {bcpus[-1]:.2f} s CPU "
            f"(minhash "
            f"{bph['minhash']:.2f}, lsh insert {bph['lsh_insert']:.2f}, lsh query "
            f"{bph['lsh_query']:.2f}); {len(pairs)} candidate pairs, no verification; "
            f"bands/rows {lsh.b}/{lsh.r}; load {os.getloadavg()[0]:.1f}"
        )
    base = statistics.median(btotals)
    print(f"full check: ours {ours:.2f} s, datasketch {base:.2f} s: {base / ours:.1f}x faster")
    oc, bc = statistics.median(cpus), statistics.median(bcpus)
    print(f"CPU time: ours {oc:.2f} s, datasketch {bc:.2f} s: {bc / oc:.1f}x less")
    from datasketch import MinHash

    by_key = {d.key: d for d in corpus.docs}
    btimes = []
    for d in sample:
        t0 = time.perf_counter()
        m = MinHash(num_perm=params.num_perm, hashfunc=_identity, seed=1)
        m.update_batch(sketch(by_key[d.key].text, params).shingles.tolist())
        lsh.query(m)
        btimes.append(time.perf_counter() - t0)
    print(
        f"datasketch query (MinHash + MinHashLSH.query, no verification): median "
        f"{statistics.median(btimes) * 1000:.2f} ms"
    )
    print(f"max RSS: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
