"""Sentence splitting with spaCy behind a small interface, imported only when needed.

The default pipeline is ``spacy.blank(language)`` with the rule-based sentencizer: it needs no
download and behaves the same on every machine. A workspace may name an installed model in
``stc.yaml`` (``nlp: {model: nb_core_news_sm}``); stc never downloads one.

The name comes from a shared file, so it must be a package name: spaCy would also load a
pipeline from a folder path, and a folder in a shared repository is untrusted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from stc.errors import EnvironmentProblem, FormatError


@lru_cache(maxsize=4)
def pipeline(language: str, model: str | None = None) -> Any:
    import spacy

    if model and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,99}", model):
        raise FormatError(
            f"stc.yaml: nlp.model {model!r} is not the name of a spaCy model package",
            hint="name an installed model such as nb_core_news_sm (not a path), or remove "
            "nlp.model to use the built-in sentencizer",
        )
    if model:
        try:
            if not spacy.util.is_package(model):  # else spaCy would try a folder of that name
                raise OSError(model)
            # only the parser or senter is needed for sentences; keep start-up small
            return spacy.load(model, exclude=["ner", "lemmatizer", "attribute_ruler", "textcat"])
        except OSError:
            raise EnvironmentProblem(
                f"the spaCy model {model!r} named in stc.yaml is not installed",
                hint="install it with pip, or remove nlp.model to use the built-in sentencizer",
            ) from None
    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(
    texts: Iterable[str], language: str, model: str | None = None
) -> Iterator[list[tuple[int, int]]]:
    """For each text, its sentences as (start, end) character offsets, trailing space excluded."""
    nlp = pipeline(language, model)
    for doc in nlp.pipe(texts):
        spans = []
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            while end > start and doc.text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
        yield spans
