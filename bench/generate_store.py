"""A synthetic store of N articles for the dashboard benchmarks, written without any NLP.

Entities come from the project's gazetteers (agencies with country and kind, countries, cities)
plus generated person names. Popularity follows a Zipf law, as in news: a few agencies
(international bodies first) are named in many articles, most are named rarely. Each article has
3-5 paragraphs of sentences whose mentions, sentences, events, participants, dates, roles and
topics point at real character offsets, so the reader and evidence views work on it.

Rows go in through SQLAlchemy core bulk inserts on lib/schema.py's tables, one transaction per
`chunk` articles, so 100,000 articles take a couple of minutes.

    .venv/bin/python -m bench.generate_store sqlite:////tmp/bench-100k.db --articles 100000
"""
from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import itertools
import random
import time
from dataclasses import dataclass

from lib.config import PROJECT_ROOT
from lib.store import (
    Article,
    DateRow,
    Entity,
    EventParticipant,
    EventRow,
    Story,
    MentionRow,
    RoleRow,
    SentenceRow,
    Store,
    TopicRow,
    content_hash,
)
from lib.summaries import summarise

DATA = PROJECT_ROOT / "lib" / "data"
FIRST_NAMES = ("Amina", "Karim", "Sofia", "Jan", "Lucia", "Pieter", "Nadia", "Omar", "Claire", "Marco", "Elena",
               "Youssef", "Ingrid", "Tomas", "Leila", "Hugo", "Ana", "Rachid", "Greta", "Paolo", "Samir", "Marta")
LAST_NAMES = ("Benali", "Janssen", "Moreau", "Rossi", "Kowalski", "El Amrani", "Schmidt", "Garcia", "Dubois",
              "Van Dijk", "Haddad", "Novak", "Lindqvist", "Ferreira", "Ouali", "Bianchi", "Keller", "Martens",
              "Alaoui", "Costa", "Weber", "Lambert", "Serrano", "Nilsson", "Petit", "Mansouri")
ROLES = ("Director General", "Head of International Cooperation", "Chief Prosecutor", "Liaison Officer",
         "Commissioner", "Minister of the Interior", "Deputy Director")
EVENT_TYPES = ("meeting", "arrest", "joint_operation", "judicial_cooperation", "statement", "visit",
               "intelligence_sharing", "agreement", "training", "award")
EVENT_WEIGHTS = (24, 20, 18, 14, 12, 10, 8, 6, 4, 2)
TOPICS = ("organized_crime", "drug_trafficking", "terrorism", "cybercrime", "money_laundering",
          "intelligence_sharing", "major_event_security", "migration_human_trafficking", "extremism_radicalisation",
          "training")
SOURCES = ("Wire desk", "Security Review", "Regional Herald", "Ministry press office", "Le Courrier sécurité",
           "Europe Daily", "Maghreb Monitor", "Justice Weekly", "Police Gazette", "Harbour News")
# Sentence frames: {0} and {1} are entity names; the rest is filler so texts have realistic length.
FRAMES = ("{0} and {1} met to discuss cooperation against organised crime networks.",
          "Officers of {0} arrested several suspects with support from {1}.",
          "{0} shared intelligence with {1} ahead of the planned operation.",
          "Investigators from {0} travelled to meet their counterparts at {1}.",
          "A spokesperson for {0} said the talks with {1} had been productive.",
          "The joint team of {0} and {1} searched addresses linked to the network.")


def zipf_weights(n: int, exponent: float = 0.9) -> list[float]:
    """Cumulative weights of ranks 1..n under a Zipf law (for random.choices' cum_weights)."""
    return list(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, n + 1)))


@dataclass(frozen=True)
class Pool:
    """Entities of one kind: (id, key, name, country) rows in popularity order, with cumulative weights."""

    rows: list[tuple[int, str, str, str | None]]
    cum_weights: list[float]

    def pick(self, rng: random.Random, k: int = 1) -> list[tuple[int, str, str, str | None]]:
        total = self.cum_weights[-1]
        return [self.rows[bisect.bisect_left(self.cum_weights, rng.random() * total)] for _ in range(k)]


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def entity_rows(rng: random.Random, people: int) -> list[dict[str, object]]:
    """All entity rows, ids from 1: agencies (international bodies first), countries, cities, people."""
    agencies = _read_csv("agencies.csv")
    rng.shuffle(agencies)
    agencies.sort(key=lambda row: row["country"] != "INT")
    rows: list[dict[str, object]] = []
    for row in agencies:
        rows.append({"kind": "AGENCY", "key": row["id"], "name": row["name"], "country": row["country"],
                     "agency_kind": row["kind"]})
    countries = _read_csv("countries.csv")
    rng.shuffle(countries)
    rows += [{"kind": "COUNTRY", "key": r["code"], "name": r["name"], "country": r["code"], "agency_kind": None}
             for r in countries]
    cities = _read_csv("cities.csv")
    rng.shuffle(cities)
    rows += [{"kind": "LOCATION", "key": r["name"], "name": r["name"], "country": r["country"], "agency_kind": None}
             for r in cities]
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    # More people than the name grid holds: add a middle initial, as real corpora have namesakes.
    for i in range(people):
        base = names[i % len(names)]
        name = base if i < len(names) else f"{base.split()[0]} {chr(65 + (i // len(names)) % 26)}. {base.split(' ', 1)[1]}"
        if i >= len(names) * 27:
            name = f"{name} {i}"
        rows.append({"kind": "PERSON", "key": name, "name": name, "country": None, "agency_kind": None})
    # The gazetteers may repeat a key (a city name in two countries): keep the first, as the store would.
    unique = list({(row["kind"], row["key"]): row for row in reversed(rows)}.values())[::-1]
    for i, row in enumerate(unique, start=1):
        row["id"] = i
    return unique


def _pools(rows: list[dict[str, object]]) -> dict[str, Pool]:
    pools: dict[str, Pool] = {}
    for kind in ("AGENCY", "COUNTRY", "LOCATION", "PERSON"):
        members = [(int(r["id"]), str(r["key"]), str(r["name"]), r["country"]) for r in rows if r["kind"] == kind]  # type: ignore[misc]
        pools[kind] = Pool(members, zipf_weights(len(members)))  # type: ignore[arg-type]
    return pools


class _Rows:
    """Row lists per table plus the next id of each, filled article by article."""

    TABLES = (Article, SentenceRow, MentionRow, RoleRow, DateRow, Story, EventRow, EventParticipant, TopicRow)

    def __init__(self) -> None:
        self.rows: dict[type, list[dict[str, object]]] = {t: [] for t in self.TABLES}
        self.next_id = {t: 1 for t in self.TABLES}
        self.recent: list[dict[str, object]] = []  # stories of this batch that later reports may join

    def add(self, table: type, **values: object) -> int:
        row_id = self.next_id[table]
        self.next_id[table] += 1
        self.rows[table].append({"id": row_id, **values})
        return row_id

    def flush(self, store: Store) -> None:
        articles = [int(row["id"]) for row in self.rows[Article]]  # type: ignore[call-overload]
        with store.engine.begin() as connection:
            for table in self.TABLES:
                if self.rows[table]:
                    connection.execute(table.__table__.insert(), self.rows[table])  # type: ignore[attr-defined]
                    self.rows[table] = []
            self.recent = []
            # The summaries the dashboard reads, as the store writes them with every batch.
            summarise(connection, articles)


def _article(rng: random.Random, rows: _Rows, pools: dict[str, Pool], index: int, now: dt.datetime) -> None:
    language = "en" if rng.random() < 0.65 else "fr"
    published = None if rng.random() < 0.03 else dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    article_id = rows.next_id[Article]
    text_parts: list[str] = []
    offset = 0
    sentence_index = 0
    sentence_spans: list[tuple[int, int, list[tuple[int, str]]]] = []  # start, end, (id, key) of participants
    # An article is about a few entities, drawn by popularity; its sentences name them in turn.
    focus = list(dict.fromkeys(pools["AGENCY"].pick(rng, rng.randint(2, 5))))
    others = {"PERSON": list(dict.fromkeys(pools["PERSON"].pick(rng, rng.randint(0, 2)))),
              "COUNTRY": list(dict.fromkeys(pools["COUNTRY"].pick(rng, rng.randint(1, 3)))),
              "LOCATION": list(dict.fromkeys(pools["LOCATION"].pick(rng, rng.randint(0, 2))))}
    people: list[tuple[int, str, str, str | None]] = []
    for paragraph in range(rng.randint(3, 5)):
        for _ in range(rng.randint(2, 4)):
            first = rng.choice(focus)
            kinds = [k for k in ("AGENCY", "PERSON", "COUNTRY", "LOCATION") if (len(focus) > 1 if k == "AGENCY" else others[k])]
            second_kind = rng.choices(kinds, weights=[{"AGENCY": 5, "PERSON": 2, "COUNTRY": 2, "LOCATION": 1}[k]
                                                      for k in kinds])[0]
            second = rng.choice([a for a in focus if a != first] if second_kind == "AGENCY" else others[second_kind])
            frame = rng.choice(FRAMES)
            head, middle, tail = frame.split("{0}")[0], frame.split("{0}")[1].split("{1}")[0], frame.split("{1}")[1]
            sentence = f"{head}{first[2]}{middle}{second[2]}{tail}"
            start = offset
            a_start = start + len(head)
            b_start = a_start + len(first[2]) + len(middle)
            for entity, kind, at in ((first, "AGENCY", a_start), (second, second_kind, b_start)):
                rows.add(MentionRow, article_id=article_id, entity_id=entity[0], label=kind, text=entity[2],
                         start=at, end=at + len(entity[2]), sentence=sentence_index)
            if second_kind == "PERSON":
                people.append(second)
            named = [(first[0], first[1])] + ([(second[0], second[1])] if second_kind != "LOCATION" else [])
            rows.add(SentenceRow, article_id=article_id, idx=sentence_index, start=start, end=start + len(sentence),
                     paragraph=paragraph)
            sentence_spans.append((start, start + len(sentence), named))
            text_parts.append(sentence)
            offset += len(sentence) + 1
            sentence_index += 1
        text_parts[-1] += "\n"
        offset += 1
    text = " ".join(text_parts).replace("\n ", "\n\n")
    # A unique marker keeps every text distinct (the store's content hash is unique).
    text += f"\nReference {index}."
    title = f"{focus[0][2]}: cooperation report {index}"
    rows.add(Article, content_hash=content_hash(text), title=title, source=rng.choice(SOURCES), url=None,
             published=published, published_origin="header" if published else None, language=language, text=text,
             filename=f"synthetic-{index:06d}.txt", ingested_at=now, model="synthetic-0", note=None)
    for person in dict.fromkeys(people):
        if rng.random() < 0.5:
            agency = focus[0][0]
            rows.add(RoleRow, article_id=article_id, person_id=person[0], title=rng.choice(ROLES), agency_id=agency)
    for _ in range(rng.choices((0, 1, 2, 3), weights=(1, 4, 3, 2))[0]):
        start, end, named = rng.choice(sentence_spans)
        date = (published or dt.date(2020, 1, 1)) - dt.timedelta(days=rng.randint(0, 10))
        precision = rng.choices(("day", "month", "year"), weights=(8, 2, 1))[0]
        inferred = rng.random() < 0.2
        kind = rng.choices(EVENT_TYPES, EVENT_WEIGHTS)[0]
        story = _story(rng, rows, kind, date, precision, published, [label for _, label in named])
        event_id = rows.add(EventRow, article_id=article_id, story_id=story, type=kind,
                            code=None, date_start=date, date_end=date, precision=precision, date_inferred=inferred,
                            location=others["LOCATION"][0][1] if others["LOCATION"] else None,
                            sentence=text[start:end], start=start, end=end, confidence=round(rng.uniform(0.4, 0.95), 2))
        for entity_id, label in dict.fromkeys(named):
            rows.add(EventParticipant, event_id=event_id, entity_id=entity_id, label=label)
        if not inferred:
            rows.add(DateRow, article_id=article_id, text=date.isoformat(), date_start=date, date_end=date,
                     precision=precision, char_start=start, char_end=end)
    for topic in dict.fromkeys(rng.choices(TOPICS, weights=range(len(TOPICS), 0, -1), k=rng.randint(1, 3))):
        rows.add(TopicRow, article_id=article_id, topic=topic)


# Of the synthetic reports, the share that report a happening another article of the batch reported.
_SAME_HAPPENING = 0.3


def _story(rng: random.Random, rows: _Rows, kind: str, date: dt.date, precision: str, published: dt.date | None,
           labels: list[str]) -> int:
    """The story of a synthetic event: now and then one already reported in this batch (as the
    grouping would find), else a new one."""
    same = [s for s in rows.recent[-50:] if s["type"] == kind]
    if same and rng.random() < _SAME_HAPPENING:
        story = rng.choice(same)
        story["sources"] = int(story["sources"]) + 1  # type: ignore[call-overload]
        return int(story["id"])  # type: ignore[call-overload]
    story_id = rows.add(Story, type=kind, date_start=date, date_end=date, precision=precision, location=None,
                        participants="|".join(dict.fromkeys(labels)), agencies="", countries="", terms="",
                        sources=1, first_reported=published, confidence=0.7)
    rows.recent.append(rows.rows[Story][-1])
    return story_id


def build_store(url: str, articles: int, *, seed: int = 0, chunk: int = 2000) -> Store:
    """Create (in an empty database) a store of `articles` synthetic articles; the Store."""
    store = Store(url)
    if store.count() or store.count("entities"):
        raise ValueError(f"{store.url} is not empty")
    rng = random.Random(seed)
    entities = entity_rows(rng, people=max(200, articles // 10))
    with store.engine.begin() as connection:
        connection.execute(Entity.__table__.insert(), entities)  # type: ignore[attr-defined]
    pools = _pools(entities)
    rows = _Rows()
    now = dt.datetime(2025, 1, 1, 12, 0)
    for index in range(1, articles + 1):
        _article(rng, rows, pools, index, now)
        if index % chunk == 0:
            rows.flush(store)
    rows.flush(store)
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic store for the dashboard benchmarks.")
    parser.add_argument("url", help="SQLAlchemy URL of an empty database")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    store = build_store(args.url, args.articles, seed=args.seed)
    print(f"{store.count():,} articles, {store.count('mentions'):,} mentions, {store.count('events'):,} events "
          f"in {time.perf_counter() - started:.1f} s into {store.url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
