"""Evaluate the identifier scanner on the labelled synthetic set; `--write` updates the docs."""

from __future__ import annotations

import sys
from pathlib import Path

from anon_eval import evaluate, labelled_set, table
from anon_speech import tables as speech_tables

DOC = Path(__file__).resolve().parent.parent / "docs" / "anonymisation.md"


def main() -> None:
    samples, identifiers = labelled_set()
    text = table(evaluate(samples, identifiers))
    speech = speech_tables()
    print(text, speech, sep="\n\n")
    if "--write" in sys.argv:
        head = DOC.read_text(encoding="utf-8").split("<!-- results -->")[0]
        middle = "\n\n### Spoken interview speech (`bench/anon_speech.py`)\n\n"
        DOC.write_text(f"{head}<!-- results -->\n{text}{middle}{speech}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
