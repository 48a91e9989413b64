"""Name normalisation and matching keys for search that tolerates transliteration and typos.

Pure functions, no keys: `needsfirst.protect.blind_index` turns the keys made here into keyed
tokens. The same keys also score clear-text names (`name_similarity`), for re-ranking candidates
after they are decrypted in memory.

Pipeline for a name (see docs/security-blind-index.md for the reasoning):

1. Unicode NFKC, casefold, then `anyascii` transliteration of any script to Latin (Arabic,
   Cyrillic, Greek, Devanagari, Ge'ez, CJK...). A leading hamza or ayn (``'`` or `````) becomes
   ``a`` because unvocalised Arabic writes أحمد as ``'hmd`` and علي as ```ly``.
2. Split into tokens on anything that is not a letter; CJK syllables, which anyascii capitalises
   (``GimMinSu``), are split too. Particles (al, bin, de, van...) are not searched on their own
   but take part in joined forms, so "Al Hassan", "Al-Hassan" and "Alhassan" meet.
3. For each token, keys of decreasing strictness, each with a weight:

   ``n`` normalised form, ``s`` folded skeleton (collapses transliteration variants), ``v`` the
   skeleton with e written a, ``c`` consonant key (skeleton without inner vowels; what
   unvocalised Arabic gives), ``p`` phonetic key (NYSIIS of the skeleton), ``d`` one-deletion
   neighbourhood of the skeleton (one typo, SymSpell-style). `KIND_WEIGHTS` gives each kind's
   weight; kinds that agree reinforce each other.

Adjacent tokens are also joined ("abdul rahman" -> "abdulrahman") and keyed the same way.

Why not trigrams: per-record sets of keyed trigrams can be attacked by frequency analysis and
the overlapping trigrams then reassembled into names; the one-deletion neighbourhood gives the
same one-typo tolerance with keys that each pin down nearly the whole name, so it leaks no more
than the exact key does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, TypeVar

import jellyfish
from anyascii import anyascii

K = TypeVar("K")

# Evidence weights. Kinds that agree combine as a noisy-or (1 - prod(1 - w)), so one weak
# agreement (a consonant key alone) scores low and several together score high.
KIND_WEIGHTS: Final[Mapping[str, float]] = {
    "n": 1.0,  # exact normalised token
    "s": 0.9,  # folded skeleton
    "v": 0.8,  # skeleton with e folded into a (Ahmed / Ahmad, Mohammed / Muhammad)
    "c": 0.5,  # consonant key
    "p": 0.4,  # phonetic key
    "d": 0.5,  # one-deletion neighbourhood of the skeleton
}
# Score levels for callers: at POSSIBLE_MATCH a candidate is worth showing, at LIKELY_MATCH
# it is probably the same name. Measured in bench/results/name_search.txt.
POSSIBLE_MATCH: Final = 0.65
LIKELY_MATCH: Final = 0.8

# Kinds in one family are correlated (they fold the same letters away), so within a family
# only the best counts; families combine as a noisy-or.
KIND_FAMILY: Final[Mapping[str, str]] = {
    "n": "spelling", "s": "spelling", "v": "spelling",
    "c": "sound", "p": "sound",
    "d": "typo",
}  # fmt: skip
# A consonant key is worth more the longer it is: "mr" fits Maria, Mario, Omar and Amir, while
# "mhmd" fits little but Mohammed (and Mahmoud, which unvocalised script cannot tell apart).
_CONSONANT_WEIGHT_BY_LENGTH: Final = {2: 0.3, 3: 0.5}
_LONG_CONSONANT_WEIGHT: Final = 0.7
_MIN_CONSONANT_KEY: Final = 2
_MIN_DELETION_SOURCE: Final = 4
_MIN_TOKEN: Final = 2

PARTICLES: Final[frozenset[str]] = frozenset(
    {
        "al", "el", "ul", "l", "bin", "ibn", "ben", "bint", "binti", "bte", "bt",
        "de", "da", "di", "do", "du", "dos", "das", "del", "della", "la", "le", "van",
        "von", "der", "den", "ter", "y", "e", "mac",
    }
)  # fmt: skip

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_LETTER = re.compile(r"[^a-z]+")
_LEADING_GLOTTAL = re.compile(r"(^|[^a-z])['`ʿʾ]+(?=[a-z])")

# Ordered rewrites on a lower-case a-z token. Order matters: digraphs before single letters.
_FOLDS: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^abd[aeiou]?l", "abdal"),  # Abdul-, Abdel-, Abd al- Rahman
        (r"xh", "j"),  # Albanian Hoxha / Hodja
        (r"tch", "ch"),
        (r"sch", "sh"),
        (r"dzh|dj|zh", "j"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),  # Cecile / Sesile
        (r"c(?!h)", "k"),  # Carim / Karim
        (r"q", "k"),  # Qasim / Kasim
        (r"ph", "f"),  # Phillip / Filip
        (r"kh", "h"),  # Khaled / Haled: Arabic and Cyrillic kh
        (r"gh", "g"),
        (r"th", "t"),
        (r"dh", "d"),
        (r"(?<=[aeiouy])ks", "x"),  # Aleksandr / Alexander (not unvocalised qsm: Qasim)
        (r"(?<=[aeiouy])x(?=[aeiouy])", "h"),  # Somali Maxamed / Mohamed
        (r"ou|oo|w", "u"),  # Youssef / Yusuf, Oualid / Walid
        (r"o", "u"),  # Mohammed / Muhammad, Omar / Umar
        (r"ee|ei|ey|ie|iy|y", "i"),  # Saeed / Said, Yuliya / Julia-ish, Aly / Ali
        (r"ae", "e"),
        (r"(?<=[aeiu])h$", ""),  # final h after a vowel: Aishah / Aisha, Fatimah / Fatima
        (r"(.)\1+", r"\1"),  # double letters: Mohammed / Mohamed
    )
)
_VOWELS = re.compile(r"[aeiu]")


# The Arabic article is written joined to the word (الخطيب); split it off as Latin spellings do.
_ARABIC_ARTICLE = re.compile(r"(?<![\u0621-\u064a])\u0627\u0644(?=[\u0621-\u064a]{2})")


# Joiners that some scripts need inside a word: ZWNJ (Persian joins the parts of a name such as
# Mohammad-Reza with it; Devanagari and Bengali use it to keep a half form), ZWJ
# (Devanagari, Bengali and Sinhala conjuncts) and the Mongolian vowel separator.
_WORD_JOINERS: Final[frozenset[str]] = frozenset({"\u200c", "\u200d", "\u180e"})


def _is_letter_or_mark(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def _joiner_is_needed(before: str, after: str) -> bool:
    """Between two letters of a script that is not Latin (Latin names never need one)."""
    return (
        _is_letter_or_mark(before)
        and _is_letter_or_mark(after)
        and not unicodedata.name(before, "").startswith("LATIN")
        and not unicodedata.name(after, "").startswith("LATIN")
    )


def clean_name(text: str) -> str:
    """A name as it should be stored, shown and indexed: without invisible or reordering characters.

    Removes control characters and Unicode format characters (category Cf): right-to-left and
    left-to-right overrides, embeddings, isolates and marks, which can make a name display in
    another order than it is stored; zero-width spaces, word joiners, byte-order marks and soft
    hyphens, which make two equal-looking names differ. ZWNJ and ZWJ are kept where a script needs
    them, between two letters that are not Latin (of a run of joiners, the last one stays).
    Whitespace runs become one space; the result is NFC, without leading or trailing spaces.
    """
    text = unicodedata.normalize("NFC", text)
    kept: list[str] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if char in _WORD_JOINERS:
            before = kept[-1] if kept else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if before and after and _joiner_is_needed(before, after):
                kept.append(char)
        elif category == "Cf":
            continue
        elif category == "Cc" or char.isspace():
            kept.append(" ")
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


def _transliterate(text: str) -> str:
    text = unicodedata.normalize("NFKC", clean_name(text)).casefold()
    text = _ARABIC_ARTICLE.sub("\u0627\u0644 ", text)
    latin = anyascii(text)
    latin = _LEADING_GLOTTAL.sub(lambda m: m.group(1) + "a", latin)
    return _CAMEL.sub(" ", latin).lower()


def tokenise(text: str) -> list[str]:
    """Split a name into normalised Latin tokens (particles included, order kept)."""
    return [t for t in _NON_LETTER.split(_transliterate(text)) if t]


def normalise(text: str) -> str:
    """The normalised form of a whole name: its tokens joined by single spaces."""
    return " ".join(tokenise(text))


_FINAL_H = _FOLDS[-2][0].pattern
_FOLDS_KEEPING_FINAL_H = tuple(fold for fold in _FOLDS if fold[0].pattern != _FINAL_H)


def skeleton(token: str, *, keep_final_h: bool = False) -> str:
    """Fold common transliteration variants of one normalised token into one spelling."""
    folded = token
    for pattern, replacement in _FOLDS_KEEPING_FINAL_H if keep_final_h else _FOLDS:
        folded = pattern.sub(replacement, folded)
    return folded


def vowel_folded(token: str) -> str:
    """The skeleton with ``e`` written ``a``: Arabic fatha is transliterated either way."""
    return skeleton(token).replace("e", "a")


def consonant_key(token: str, *, keep_final_h: bool = False) -> str:
    """The skeleton with vowels dropped, except that a leading vowel is kept as ``a``.

    Unvocalised Arabic (محمد -> ``mhmd``) and vowel changes (Olena / Elena) meet here. ``v``
    counts as a vowel because w and v are one letter in Polish and German spellings
    (Kowalenko). With `keep_final_h`, a final h stays: in Saleh it is a consonant (صالح).
    """
    folded = skeleton(token, keep_final_h=keep_final_h).replace("v", "u")
    if not folded:
        return ""
    head = "a" if folded[0] in "aeiu" else folded[0]
    return re.sub(r"(.)\1+", r"\1", head + _VOWELS.sub("", folded[1:]))


def phonetic_key(token: str) -> str:
    """NYSIIS of the skeleton: it edged out metaphone in bench/results/name_search.txt."""
    folded = skeleton(token)
    return str(jellyfish.nysiis(folded)) if folded else ""


def deletion_neighbourhood(word: str) -> frozenset[str]:
    """`word` and every string made by deleting one of its letters but the last (4+ letters).

    The last letter is kept because in many languages it marks a different, gendered name
    (Samir / Samira, Ivan / Ivana, Mario / Maria) rather than a typo.
    """
    if len(word) < _MIN_DELETION_SOURCE:
        return frozenset({word})
    return frozenset({word} | {word[:i] + word[i + 1 :] for i in range(len(word) - 1)})


def _consonant_weight(consonants: str) -> float:
    return _CONSONANT_WEIGHT_BY_LENGTH.get(len(consonants), _LONG_CONSONANT_WEIGHT)


def token_keys(token: str, *, joined: bool = False) -> dict[str, float]:
    """Matching keys of one normalised token, as ``kind:value`` strings with their weights.

    A `joined` token (adjacent tokens run together) gets only the spelling keys: looser keys
    of a whole joined name would let a one-letter change in one part (Samir Khalil / Samira
    Khalil) pass as a small difference in the whole, and would credit both parts for it.
    """
    keys: dict[str, float] = {}

    def add(kind: str, value: str, weight: float | None = None) -> None:
        if value:
            key = f"{kind}:{value}"
            keys[key] = max(keys.get(key, 0.0), KIND_WEIGHTS[kind] if weight is None else weight)

    folded = skeleton(token)
    add("n", token)
    add("s", folded)
    add("v", vowel_folded(token))
    if joined:
        return keys
    # Both with and without a final h: Latin cannot tell Aishah (ة) from Saleh (ح).
    for consonants in {consonant_key(token), consonant_key(token, keep_final_h=True)}:
        if len(consonants) >= _MIN_CONSONANT_KEY:
            add("c", consonants, _consonant_weight(consonants))
    add("p", phonetic_key(token))
    for variant in deletion_neighbourhood(folded):
        add("d", variant)
    return keys


@dataclass(frozen=True, slots=True)
class _Part:
    """A searchable piece of a name: one token or adjacent tokens joined."""

    text: str
    covers: tuple[int, ...]


def _parts(tokens: Sequence[str]) -> tuple[list[_Part], int]:
    """Searchable parts of a tokenised name, and how many positions must be explained.

    Positions are the non-particle tokens of at least two letters (or all tokens if the name is
    nothing but particles). Joined parts cover the positions they span.
    """
    meaningful = [
        i for i, t in enumerate(tokens) if len(t) >= _MIN_TOKEN and t not in PARTICLES
    ] or [i for i, t in enumerate(tokens) if t]
    position_of = {token_index: pos for pos, token_index in enumerate(meaningful)}
    parts = [_Part(tokens[i], (position_of[i],)) for i in meaningful]
    for start in range(len(tokens) - 1):
        for length in (2, 3):
            span = range(start, start + length)
            if span.stop > len(tokens):
                continue
            covered = tuple(position_of[i] for i in span if i in position_of)
            # joins of three only bridge a particle: abd al rahman -> abdalrahman
            if length == 3 and tokens[start + 1] not in PARTICLES:
                continue
            if covered:
                parts.append(_Part("".join(tokens[i] for i in span), covered))
    return parts, len(meaningful)


def index_keys(full_name: str, *aliases: str) -> set[str]:
    """Every matching key of a person's name and aliases, as ``kind:value`` strings.

    These are clear-text keys: never store them. `blind_index` stores their HMACs.
    """
    keys: set[str] = set()
    for name in (full_name, *aliases):
        parts, _ = _parts(tokenise(name))
        for part in parts:
            keys.update(_part_keys(part.text, joined=len(part.covers) > 1))
    return keys


@lru_cache(maxsize=100_000)
def _part_keys(text: str, *, joined: bool) -> frozenset[str]:
    """The keys of one part of a name, remembered: a register of a million people holds a few
    thousand distinct name parts, and their keys (folds, NYSIIS, deletions) cost far more than
    a look-up."""
    return frozenset(token_keys(text, joined=joined))


@dataclass(frozen=True, slots=True)
class QueryKey:
    """What one looked-up key means: its kind, its weight, and the query positions it covers."""

    kind: str
    weight: float
    covers: tuple[int, ...]


@dataclass(frozen=True)
class NameQuery:
    """A parsed search: which key explains which position of the query, and how well.

    `keys` maps each key (clear, or keyed by the blind index) to a `QueryKey`. A candidate's
    score is the mean over query positions of the evidence its keys give there: per family of
    kinds (`KIND_FAMILY`) the best weight, combined across families as a noisy-or. 1.0 means
    every position matched exactly.
    """

    positions: int
    keys: Mapping[str, QueryKey] = field(default_factory=dict)

    @property
    def tokens(self) -> set[str]:
        """The keys to look up (``token IN (...)``)."""
        return set(self.keys)

    def score(self, candidate_keys: Iterable[str]) -> float:
        """How well a candidate's keys explain the query: 0 (nothing) to 1 (exact)."""
        if not self.positions:
            return 0.0
        best: list[dict[str, float]] = [{} for _ in range(self.positions)]
        for key in set(candidate_keys):
            found = self.keys.get(key)
            if found is None:
                continue
            family = KIND_FAMILY[found.kind]
            for pos in found.covers:
                families = best[pos]
                if found.weight > families.get(family, 0.0):
                    families[family] = found.weight
        total = 0.0
        for families in best:
            miss = 1.0
            for weight in families.values():
                miss *= 1.0 - weight
            total += 1.0 - miss
        return total / self.positions


def build_query(search_text: str, *, transform: Callable[[str], str] = str) -> NameQuery:
    """Parse a search into a `NameQuery`; `transform` maps each clear key (e.g. to its HMAC)."""
    parts, positions = _parts(tokenise(search_text))
    keys: dict[str, QueryKey] = {}
    for part in parts:
        for key, weight in token_keys(part.text, joined=len(part.covers) > 1).items():
            mapped = transform(key)
            previous = keys.get(mapped)
            candidate = QueryKey(key[0], weight, part.covers)
            # The same key from a single token and from a join (ngozi / ngozi+eze both give the
            # consonant key ngz) proves only the narrower claim; among equals, the best weight.
            if previous is None or (len(candidate.covers), -candidate.weight) < (
                len(previous.covers),
                -previous.weight,
            ):
                keys[mapped] = candidate
    return NameQuery(positions=positions, keys=keys)


def rank(
    query: NameQuery, candidates: Mapping[K, Iterable[str]], *, minimum: float = 0.0
) -> list[tuple[K, float]]:
    """Rank candidates (id -> their keys) by score, best first; drop those under `minimum`."""
    scored = [(cid, query.score(keys)) for cid, keys in candidates.items()]
    kept = [(cid, s) for cid, s in scored if s > 0.0 and s >= minimum]
    kept.sort(key=lambda item: -item[1])
    return kept


def name_similarity(search_text: str, full_name: str, *aliases: str) -> float:
    """Score a clear-text name (and aliases) against a search, as the blind index would."""
    return build_query(search_text).score(index_keys(full_name, *aliases))
