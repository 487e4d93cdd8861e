"""A stand-in for $EDITOR in tests: applies STC_TEST_EDIT to the file it is given.

STC_TEST_EDIT is Python code run with `text` bound to the file's content; whatever it leaves
in `text` is saved. Without it the file is saved unchanged. STC_TEST_SEEN names a file that receives what the
editor was shown.
"""

import os
import sys

path = sys.argv[-1]
with open(path, encoding="utf-8") as fh:
    text = fh.read()
if os.environ.get("STC_TEST_SEEN"):
    with open(os.environ["STC_TEST_SEEN"], "w", encoding="utf-8") as fh:
        fh.write(text)
scope = {"text": text}
exec(os.environ.get("STC_TEST_EDIT", ""), scope)  # noqa: S102 - test helper
with open(path, "w", encoding="utf-8") as fh:
    fh.write(scope["text"])
