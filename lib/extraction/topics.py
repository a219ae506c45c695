"""Security topics an article touches, from the EN/FR lexicon in lib/data/topics.csv.

A word ending in "*" matches as a stem ("terroris*" matches "terrorism" and "terroristes"); a "_"
between words stands for one optional word. Matching ignores case and accents and respects word
boundaries.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from lib.extraction.gazetteer import DATA_DIR

LEXICON_PATH = DATA_DIR / "topics.csv"

# Fixed order for the UI and for breaking ties between topics with as many hits.
TOPICS: tuple[str, ...] = (
    "terrorism",
    "organized_crime",
    "drug_trafficking",
    "cybercrime",
    "migration_human_trafficking",
    "money_laundering",
    "extremism_radicalisation",
    "major_event_security",
    "intelligence_sharing",
    "training",
)
_ANY_LANGUAGE = "*"  # texts in languages the lexicon lacks are matched against every term


def fold(text: str) -> str:
    """Lower case without accents, typographic apostrophes made plain, so that terms match loosely."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("’", "'").replace("ʼ", "'")


def _term_regex(term: str) -> str:
    """One lexicon term as a regex body: spaces and hyphens are interchangeable, "*" ends a stem,
    "_" stands for one optional word ("exchange of _ intelligence" matches "exchange of operational
    intelligence" as well as "exchange of intelligence")."""
    words = re.split(r"\s+", fold(term).strip())
    if words[0] == "_" or words[-1] == "_":
        raise ValueError(f"{LEXICON_PATH.name}: {term!r} may not start or end with '_'")
    body, optional_word = "", False
    for word in words:
        if word == "_":
            optional_word = True
            continue
        stem = word.endswith("*")
        # "cyber-attack" also matches "cyberattack" and "cyber attack".
        piece = r"[\s\-]?".join(re.escape(part) for part in word.rstrip("*").split("-")) + (r"\w*" if stem else "")
        if body:
            body += r"[\s\-]+" + (r"(?:\w+[\s\-]+)?" if optional_word else "")
        body += piece
        optional_word = False
    # Apostrophes in "d'argent" are often followed by nothing, sometimes by a space.
    return body.replace("'", r"'\s*")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[tuple[str, str], ...]]:
    """language -> ((topic, term), ...) as read from the CSV, validated."""
    by_language: dict[str, list[tuple[str, str]]] = {}
    with LEXICON_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            topic, language, term = row["topic"].strip(), row["language"].strip(), row["term"].strip()
            if topic not in TOPICS:
                raise ValueError(f"{LEXICON_PATH.name}: unknown topic {topic!r}")
            if not term or term == "*":
                raise ValueError(f"{LEXICON_PATH.name}: empty term for {topic!r}")
            by_language.setdefault(language, []).append((topic, term))
    by_language[_ANY_LANGUAGE] = [pair for pairs in list(by_language.values()) for pair in pairs]
    return {language: tuple(pairs) for language, pairs in by_language.items()}


_PREFIX = 3  # terms are grouped by their first letters, so each word start tries only a few terms
_LITERAL = re.compile(r"[^\W_]*")
_WORD_START = re.compile(r"(?<!\w)\w")


@lru_cache(maxsize=None)
def _matcher(language: str) -> tuple[dict[str, re.Pattern[str]], dict[str, int], dict[str, str]]:
    """Per leading letters, one compiled alternation of the terms starting with them.

    Each term is its own group "t<rank>", so a match names its topic; rank follows the global order
    (longest terms first: "financement du terrorisme" must win over "terroris*" at the same place).
    Trying only the terms that share a word's first letters keeps matching cheap on long texts."""
    table = lexicon()
    pairs = table.get(language, table[_ANY_LANGUAGE])
    ordered = sorted(set(pairs), key=lambda pair: (-len(pair[1]), pair))
    group_topic = {f"t{index}": topic for index, (topic, _term) in enumerate(ordered)}
    groups: dict[str, list[str]] = {}
    for index, (_topic, term) in enumerate(ordered):
        literal = _LITERAL.match(fold(term).strip()).group()  # type: ignore[union-attr]
        groups.setdefault(literal[:_PREFIX], []).append(f"(?P<t{index}>{_term_regex(term)})")
    patterns = {key: re.compile(rf"(?:{'|'.join(bodies)})(?!\w)") for key, bodies in groups.items()}
    return patterns, {name: int(name[1:]) for name in group_topic}, group_topic


def topic_hits(text: str, language: str) -> Counter[str]:
    """How many lexicon terms of each topic occur in `text` (non-overlapping, left to right)."""
    if not isinstance(text, str) or not text:
        return Counter()
    patterns, rank, group_topic = _matcher((language or "").lower())
    folded = fold(text)
    keys = sorted({len(k) for k in patterns}, reverse=True)
    hits: Counter[str] = Counter()
    done = 0
    for start in _WORD_START.finditer(folded):
        at = start.start()
        if at < done:
            continue
        best = None
        for size in keys:
            pattern = patterns.get(folded[at : at + size]) if size else patterns.get("")
            match = pattern.match(folded, at) if pattern is not None else None
            if match is not None and match.lastgroup and (best is None or rank[match.lastgroup] < rank[best.lastgroup]):
                best = match
        if best is not None and best.lastgroup:
            hits[group_topic[best.lastgroup]] += 1
            done = best.end()
    return hits


def detect_topics(text: str, language: str) -> tuple[str, ...]:
    """Topics with at least one hit, most hits first; ties follow the order of TOPICS."""
    hits = topic_hits(text, language)
    return tuple(sorted(hits, key=lambda topic: (-hits[topic], TOPICS.index(topic))))
