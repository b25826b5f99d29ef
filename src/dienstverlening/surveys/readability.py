"""Language level of a question: the Flesch-Douma reading ease for Dutch, and long sentences.

Flesch-Douma = 206.84 − 0.77 × (syllables per 100 words) − 0.93 × (words per sentence).
Syllables are counted with textstat's Dutch hyphenation dictionary. Above 60 is easy to read
(about B1); 30–60 is moderately hard; below 30 is hard. A sentence longer than
``LONG_SENTENCE`` words is flagged: B1 writing guides keep sentences to about 15 words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

LONG_SENTENCE = 15

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9'’-]+")


@dataclass(frozen=True)
class Readability:
    score: float | None
    label: str
    long_sentences: list[str]

    @property
    def is_easy(self) -> bool:
        return self.score is not None and self.score >= 60 and not self.long_sentences


def _syllables(word: str) -> int:
    import textstat

    textstat.set_lang("nl")
    return max(1, textstat.syllable_count(word))


def readability(text: str) -> Readability:
    sentences = [s.strip() for s in _SENTENCE.split(text or "") if s.strip()]
    words = [w for s in sentences for w in _WORD.findall(s)]
    if not words:
        return Readability(score=None, label=_("geen tekst"), long_sentences=[])
    syllables = sum(_syllables(w) for w in words)
    score = 206.84 - 0.77 * (100 * syllables / len(words)) - 0.93 * (len(words) / len(sentences))
    score = max(0.0, min(100.0, score))
    if score >= 60:
        label = _("makkelijk te lezen (ongeveer B1)")
    elif score >= 30:
        label = _("vrij moeilijk: maak woorden en zinnen korter")
    else:
        label = _("moeilijk: herschrijf in gewone taal")
    long_sentences = [s for s in sentences if len(_WORD.findall(s)) > LONG_SENTENCE]
    return Readability(score=round(score), label=label, long_sentences=long_sentences)
