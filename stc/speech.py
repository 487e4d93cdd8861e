"""Words of spoken language that carry no content: hesitations and discourse markers.

Real transcripts are full of them ("Uh, so, yeah", "eh, altså, liksom"). stc uses these lists
where a heading or a label is proposed from the informants' words, so a proposal never reads
«Uh, uh, but, uh, the more».
"""

from __future__ import annotations

import re

# sounds that are never words, anywhere in a sentence
HESITATIONS: dict[str, frozenset[str]] = {
    "en": frozenset("uh uhm um umm er erm eh ehm hm hmm mm mhm ah".split()),
    "nb": frozenset("eh ehm øh øhm hm hmm mm mhm".split()),
}
# words that open spoken sentences without content ("So, yeah, like …", "Ja, altså, …")
DISCOURSE: dict[str, frozenset[str]] = {
    "en": frozenset("oh okay ok yeah yes yep no so like well right and but or just".split()),
    "nb": frozenset("ja jo nei nå altså liksom så og men eller da vel okay ok".split()),
}
# discourse words that are fillers wherever they stand ("jeg har liksom for mange saker");
# English "like", "so" and "well" carry meaning mid-sentence too often to drop
FILLERS: dict[str, frozenset[str]] = {
    "en": frozenset(),
    "nb": frozenset("liksom altså".split()),
}
_WORD = re.compile(r"[^\W_][\w'’-]*")


def content_words(text: str, language: str) -> list[str]:
    """The words of ``text`` in order without hesitations and fillers, immediate repetitions
    (false starts) and the discourse words that open it ("So, yeah, like, the budget …")."""
    hesitations = HESITATIONS.get(language, HESITATIONS["en"]) | FILLERS.get(language, frozenset())
    discourse = DISCOURSE.get(language, DISCOURSE["en"])
    out: list[str] = []
    for word in _WORD.findall(text):
        folded = word.casefold()
        if folded in hesitations or (out and out[-1].casefold() == folded):
            continue
        if not out and folded in discourse:
            continue
        out.append(word)
    return out
