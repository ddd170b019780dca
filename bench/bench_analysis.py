"""Benchmark of the coordination analyses on synthetic data with planted duplicates.

Cases (each run in a fresh process, so that its peak memory is its own):

- duplicate detection (``find_duplicates``, initiatives and needs) at 10,000 and 100,000
  initiatives: time, peak memory, precision and recall of duplicate records against the
  planted truth (initiatives and needs), recall of planted overlaps (all of them, and those
  without a cancelled initiative, which is never overlapping support);
- a naive all-pairs baseline at 10,000 initiatives: the same features, parts, score and
  relation for every pair of initiatives (dense, vectorised, in row chunks), no blocking;
- gaps and indicators (``need_coverage`` + ``indicators``) at 100,000 initiatives and
  20,000 needs.

Usage: ``python -m bench.bench_analysis [--quick]`` (``--quick``: 10,000 only, no baseline).
Prints a Markdown table. Generating the data is not timed.
"""
from __future__ import annotations

import argparse
import multiprocessing
import platform
import resource
import sys
import time

import numpy as np

__all__ = ["main", "all_pairs_baseline"]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _quality(pairs, truth, kind: str) -> tuple[float, float]:
    planted = {tuple(p) for p in truth["duplicates"][kind]}
    found = {tuple(sorted((p.a, p.b))) for p in pairs
             if p.kind == kind and p.relation == "duplicate_record"}
    hits = len(planted & found)
    return hits / max(len(found), 1), hits / max(len(planted), 1)


def all_pairs_baseline(snapshot, *, min_score: float = 0.5, chunk_rows: int = 500):
    """Every pair of initiatives scored like ``find_duplicates`` does, without blocking.

    Returns the flagged ``(a, b, relation)`` triples.
    """
    from coordinator.analysis.duplicate_features import initiative_features
    from coordinator.analysis.duplicate_scoring import (
        WEIGHTS,
        overlap_score,
        relations,
        same_record,
        structure_parts,
    )
    from coordinator.money import RateTable, default_table

    table = RateTable(snapshot.rates) if snapshot.rates else default_table()
    features = initiative_features(snapshot, table)
    n = len(features.ids)
    text_t, title_t = features.text.T.tocsc(), features.title.T.tocsc()
    flagged = []
    for first in range(0, n, chunk_rows):
        block = np.arange(first, min(first + chunk_rows, n))
        text = (features.text[block] @ text_t).toarray()
        title = (features.title[block] @ title_t).toarray()
        rows, cols = np.nonzero(np.arange(n)[None, :] > block[:, None])
        parts = structure_parts(features, block[rows], cols)
        parts["text"] = np.clip(text[rows, cols], 0.0, 1.0)
        parts["title"] = np.clip(title[rows, cols], 0.0, 1.0)
        parts["same_record"] = same_record(parts, "initiative")
        score = np.maximum(overlap_score(parts, WEIGHTS), parts["same_record"])
        keep = score >= min_score
        relation = relations({k: v[keep] for k, v in parts.items()})
        for a, b, r in zip(block[rows][keep], cols[keep], relation, strict=True):
            flagged.append((features.ids[a], features.ids[b], str(r)))
    return flagged


def _case_duplicates(initiatives: int, needs: int, providers: int, queue) -> None:
    from bench.generate import generate_snapshot
    from coordinator.analysis.duplication import find_duplicates

    snapshot, truth = generate_snapshot(initiatives, needs, providers, seed=1)
    before = _peak_mb()
    start = time.perf_counter()
    pairs = find_duplicates(snapshot)
    elapsed = time.perf_counter() - start
    precision, recall = _quality(pairs, truth, "initiative")
    need_precision, need_recall = _quality(pairs, truth, "need")
    flagged = {tuple(sorted((p.a, p.b))) for p in pairs if p.kind == "initiative"}
    overlaps = truth["overlaps"]
    overlap_recall = sum(tuple(o) in flagged for o in overlaps) / max(len(overlaps), 1)
    # a cancelled initiative is never overlapping support, so those are rightly not flagged
    live = [o for o in overlaps
            if all(snapshot.initiatives[i].status != "cancelled" for i in o)]
    live_recall = sum(tuple(o) in flagged for o in live) / max(len(live), 1)
    records = sum(p.relation == "duplicate_record" for p in pairs)
    queue.put({
        "case": f"duplicates, {initiatives:,} initiatives + {needs:,} needs",
        "seconds": elapsed, "peak_mb": max(_peak_mb() - before, 0.0),
        "precision": precision, "recall": recall,
        "notes": (f"{len(pairs):,} pairs flagged ({records:,} duplicate records); needs "
                  f"P {need_precision:.3f} R {need_recall:.3f}; planted overlaps flagged "
                  f"{overlap_recall:.0%} ({live_recall:.0%} of the {len(live):,} without a "
                  f"cancelled initiative)"),
    })


def _case_baseline(initiatives: int, providers: int, queue) -> None:
    from bench.generate import generate_snapshot

    snapshot, truth = generate_snapshot(initiatives, 0, providers, seed=1)
    before = _peak_mb()
    start = time.perf_counter()
    flagged = all_pairs_baseline(snapshot)
    elapsed = time.perf_counter() - start
    planted = {tuple(p) for p in truth["duplicates"]["initiative"]}
    found = {tuple(sorted((a, b))) for a, b, r in flagged if r == "duplicate_record"}
    hits = len(planted & found)
    pairs = initiatives * (initiatives - 1) // 2
    queue.put({
        "case": f"all-pairs baseline, {initiatives:,} initiatives",
        "seconds": elapsed, "peak_mb": max(_peak_mb() - before, 0.0),
        "precision": hits / max(len(found), 1), "recall": hits / max(len(planted), 1),
        "notes": f"{pairs:,} pairs scored, {len(flagged):,} flagged (initiatives only)",
    })


def _case_duplicates_initiatives(initiatives: int, providers: int, queue) -> None:
    from bench.generate import generate_snapshot
    from coordinator.analysis.duplication import find_duplicates

    snapshot, truth = generate_snapshot(initiatives, 0, providers, seed=1)
    start = time.perf_counter()
    pairs = find_duplicates(snapshot, kinds=("initiative",))
    elapsed = time.perf_counter() - start
    precision, recall = _quality(pairs, truth, "initiative")
    queue.put({"case": f"duplicates, {initiatives:,} initiatives only (same data as baseline)",
               "seconds": elapsed, "peak_mb": None, "precision": precision, "recall": recall,
               "notes": f"{len(pairs):,} pairs flagged"})


def _case_gaps(initiatives: int, needs: int, providers: int, queue) -> None:
    from bench.generate import generate_snapshot
    from coordinator.analysis.gaps import need_coverage
    from coordinator.analysis.indicators import indicators

    snapshot, _ = generate_snapshot(initiatives, needs, providers, seed=1)
    before = _peak_mb()
    start = time.perf_counter()
    gaps = need_coverage(snapshot)
    middle = time.perf_counter()
    result = indicators(snapshot, gaps=gaps)
    elapsed = time.perf_counter() - start
    queue.put({
        "case": f"gaps + indicators, {initiatives:,} initiatives + {needs:,} needs",
        "seconds": elapsed, "peak_mb": max(_peak_mb() - before, 0.0),
        "precision": None, "recall": None,
        "notes": (f"gaps {middle - start:.2f} s ({len(gaps):,} open needs), indicators "
                  f"{elapsed - (middle - start):.2f} s ({len(result['by_year'])} years)"),
    })


def _run(target, *args) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def _cell(value, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    """Run the cases and print the Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_analysis")
    parser.add_argument("--quick", action="store_true", help="10,000 initiatives only")
    options = parser.parse_args(argv)
    rows = [_run(_case_duplicates, 10_000, 2_000, 200)]
    if not options.quick:
        rows.append(_run(_case_duplicates_initiatives, 10_000, 200))
        rows.append(_run(_case_baseline, 10_000, 200))
        rows.append(_run(_case_duplicates, 100_000, 20_000, 1_000))
        rows.append(_run(_case_gaps, 100_000, 20_000, 1_000))
    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"{multiprocessing.cpu_count()} CPUs\n")
    print("| case | time (s) | peak memory (MB) | precision | recall | notes |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        print(f"| {row['case']} | {row['seconds']:.2f} | {_cell(row['peak_mb'], 0)} | "
              f"{_cell(row['precision'])} | {_cell(row['recall'])} | {row['notes']} |")
    if not options.quick:
        blocked, baseline = rows[1]["seconds"], rows[2]["seconds"]
        print(f"\nAll-pairs baseline / blocked at 10,000 initiatives: {baseline / blocked:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
