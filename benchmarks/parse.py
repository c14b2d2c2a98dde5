"""Parse throughput on a generated feature-length (120-page) Fountain script.

    python benchmarks/parse.py [--pages 120] [--runs 7]

Prints pages, lines and bytes of the generated script, the median wall time of
`read_screenplay` (read, decode, parse, ids, characters, page count) and of `--json`
serialisation, pages per second, peak Python memory (tracemalloc), and the ratio against a
baseline measured in the same run: reading the file and matching one regular expression per
line, the floor of any line-based parser in Python. Target: under 0.3 s for 120 pages on the
2-core CI machine.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from feature import generate_script  # benchmarks/feature.py; run from the repository root

from storyreel.tools.screenplay import read_screenplay

TARGET_SECONDS = 0.3


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline(path: Path) -> int:
    # The floor: read, decode, split, one regex per line.
    pattern = re.compile(r"^(INT|EXT|[A-Z ]+$|\(|>|#|=|~|!|@)")
    text = path.read_bytes().decode("utf-8")
    return sum(1 for line in text.split("\n") if pattern.match(line))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=120)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    text = generate_script(args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feature.fountain"
        path.write_text(text, encoding="utf-8")

        screenplay = read_screenplay(path)  # warm-up, and the numbers to report
        parse_s = median_seconds(lambda: read_screenplay(path), args.runs)
        json_s = median_seconds(lambda: screenplay.model_dump_json(), args.runs)
        base_s = median_seconds(lambda: baseline(path), args.runs)
        tracemalloc.start()
        read_screenplay(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    elements = len(screenplay.all_elements())
    print(
        f"script: {screenplay.pages:g} pages, {text.count(chr(10))} lines, {len(text) / 1e3:.0f} kB, "
        f"{len(screenplay.scenes)} scenes, {elements} elements, {len(screenplay.speeches())} speeches"
    )
    print(
        f"parse (read_screenplay): {parse_s * 1e3:.1f} ms median of {args.runs}  "
        f"-> {screenplay.pages / parse_s:.0f} pages/s"
    )
    print(f"--json serialisation:    {json_s * 1e3:.1f} ms")
    print(
        f"baseline (read + one regex per line): {base_s * 1e3:.1f} ms; parse/baseline = {parse_s / base_s:.1f}x"
    )
    print(f"peak Python memory while parsing: {peak / 1e6:.1f} MB")
    verdict = "meets" if parse_s < TARGET_SECONDS else "MISSES"
    print(f"target: {args.pages} pages under {TARGET_SECONDS} s -> {verdict} ({parse_s:.3f} s)")


if __name__ == "__main__":
    main()
