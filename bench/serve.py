"""Time stc serve's pages on a synthetic corpus: a ~9,000-word transcript with ~300 units.

    python bench/serve.py [--transcripts 54] [--units-per-transcript 300]

Requests go through Starlette's TestClient in one process (as a running server handles them:
each request opens the workspace afresh and renders on the server). The first view of a
transcript also runs the identifier scan, whose result is cached in .stc/; the median is over
the views after it. Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=int, default=54)
    parser.add_argument("--units-per-transcript", type=int, default=300)
    parser.add_argument("--runs", type=int, default=10)
    a = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)
    from starlette.testclient import TestClient

    from stc import api
    from stc.web import Server, create_app

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        generate(root, a.transcripts, 9000, a.transcripts * a.units_per_transcript)
        ws = api.open_workspace(root, exact=True)
        study = ws.study()
        tid = max(study.transcripts, key=lambda t: sum(u.transcript == t for u in study.units))
        t = study.transcripts[tid]
        words = sum(len(x.text.split()) for x in t.turns)
        n_units = sum(u.transcript == tid for u in study.units)
        cg = study.codebook.code_groups[0].id
        server = Server(root, "bench", researcher=study.project.researchers[0].id)
        client = TestClient(create_app(server), base_url="http://127.0.0.1")
        client.get("/?token=bench")
        rows = []
        for label, path in (
            (f"transcript view `/t/{tid}` ({words} words, {n_units} units)", f"/t/{tid}"),
            (f"code group view `/g/{cg}`", f"/g/{cg}"),
            ("home page with the four steps `/`", "/"),
            ("workspace fingerprint `/fingerprint` (polled every 2.5 s)", "/fingerprint"),
        ):
            start = time.perf_counter()
            r = client.get(path)
            first = time.perf_counter() - start
            if r.status_code != 200:
                raise SystemExit(f"{path}: {r.status_code} {r.text[:200]}")
            times = []
            for _ in range(a.runs):
                start = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - start)
            rows.append((label, first, statistics.median(times), len(r.content)))
        print(f"{a.transcripts} transcripts, {len(study.units)} units\n")
        print("| page | first view (s) | median (s) | size (kB) |")
        print("|---|---:|---:|---:|")
        for label, first, median, size in rows:
            print(f"| {label} | {first:.3f} | {median:.3f} | {size / 1000:.0f} |")


if __name__ == "__main__":
    main()
