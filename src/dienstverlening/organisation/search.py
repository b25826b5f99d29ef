"""Typo-tolerant search for 'Wie doet wat'.

The directory is small (hundreds of services and teams), so it is read once per query and
scored in memory: words are lower-cased, stripped of accents and reduced to their Dutch stem
(Snowball), so "paspoorten" finds "paspoort". A query word also matches a longer compound it
is part of ("paspoort" in "paspoortaanvraag") and a word one or two typing errors away
("paspoort" for "pasport").
"""

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    {
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "in",
        "op",
        "met",
        "aan",
        "bij",
        "te",
        "om",
        "door",
        "over",
        "naar",
        "uit",
        "is",
        "zijn",
        "wordt",
        "ik",
        "mijn",
        "u",
        "uw",
        "we",
        "wij",
        "hoe",
        "wat",
        "wie",
        "waar",
        "wanneer",
        "kan",
        "kunnen",
        "moet",
    }
)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


@lru_cache(maxsize=4_096)
def _terms(text: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in _WORD.findall(normalise(text)) if w not in _STOPWORDS)


def terms(text: str) -> list[str]:
    """The stems of the meaningful words in ``text`` (cached: the directory changes rarely)."""
    return list(_terms(text))


def _similar(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 2 or min(len(a), len(b)) < 4:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def term_score(query_term: str, document_terms: set[str]) -> float:
    """3 for the same stem, 2 for part of a compound, 1 for a near miss, else 0."""
    if query_term in document_terms:
        return 3.0
    if len(query_term) >= 4 and any(
        query_term in term or (len(term) >= 5 and term in query_term) for term in document_terms
    ):
        return 2.0
    if any(_similar(query_term, term) for term in document_terms):
        return 1.0
    return 0.0


@dataclass
class Document:
    """Something to find, with its text split in weighted fields."""

    obj: object
    fields: dict[str, tuple[float, str]]
    _terms: dict[str, set[str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._terms = {name: set(terms(text)) for name, (_, text) in self.fields.items()}

    def score(self, query_terms: list[str]) -> float:
        """Sum of the best weighted match per query word; 0 if any query word is not found."""
        total = 0.0
        for query_term in query_terms:
            best = max(
                (
                    weight * term_score(query_term, self._terms[name])
                    for name, (weight, _) in self.fields.items()
                ),
                default=0.0,
            )
            if best == 0:
                return 0.0
            total += best
        return total


def rank(documents: list[Document], query: str, limit: int = 20) -> list[tuple[float, object]]:
    query_terms = terms(query)
    if not query_terms:
        return []
    scored = [(doc.score(query_terms), doc.obj) for doc in documents]
    scored = [(s, obj) for s, obj in scored if s > 0]
    scored.sort(key=lambda pair: (-pair[0], str(pair[1])))
    return scored[:limit]
