"""Stories: the events of different articles that report one happening, grouped.

An event joins the story it fits best among the few that share one of its weeks and one of its
parties in the blocking index (`story_keys`: week × agency or country), else starts its own; so
grouping an ingested article costs a few indexed look-ups, whatever the size of the corpus. It fits
a story when

- the types combine (the same, or one absorbs the other: lib/data/event_types.csv),
- the dates meet, with a tolerance set by their precision (a day either side for days, three for
  weeks; a month or a year must overlap), and an absent date never joins,
- they share an agency, or failing that a country (two reports may name a body differently),
- the places agree unless the type moves (a visit goes from city to city),

and the score (shared parties, the evidence's shared names and numbers, the same first day) passes
`_ENOUGH`. Everything runs in the caller's transaction; each touched story is then locked and
recomputed from its events, so concurrent writers never lose each other's members.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from lib.correction_schema import STORY_OPS
from lib.corrections import Correction
from lib.extraction.happenings import combined_type, moves, ranges_meet, specificity
from lib.schema import IN_CHUNK, Article, Entity, EventParticipant, EventRow, Story, StoryKey

_SLACK = {"day": 1, "week": 3}
_WEEK = 7
# A story spans at most this many weeks in the blocking index: a date known only to the year
# would fall into 52 and match anything; such an event keeps a story of its own.
_MOST_WEEKS = 6
_ENOUGH = 0.45
_MOST_CANDIDATES = 200
_MOST_TERMS = 40
_TERM = re.compile(r"\b(?:[A-ZÀ-Ý][\w'’-]{3,}|\d{2,})")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def terms_of(text: str) -> set[str]:
    """Names and numbers of a sentence, folded: what two reports of one happening in English and
    French share ("Rabat", "Hammouchi", "2024") when their words differ."""
    return {_fold(t) for t in _TERM.findall(text)}


@dataclass
class Features:
    """What the grouping compares, for an event or a story."""

    type: str
    start: dt.date | None
    end: dt.date | None
    precision: str | None
    inferred: bool
    location: str | None
    agencies: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)

    def weeks(self) -> list[int]:
        if self.start is None:
            return []
        slack = dt.timedelta(days=_slack(self))
        first = (self.start - slack).toordinal() // _WEEK
        last = ((self.end or self.start) + slack).toordinal() // _WEEK
        return list(range(first, last + 1)) if last - first < _MOST_WEEKS else []

    def keys(self) -> list[str]:
        return [f"A:{a}" for a in sorted(self.agencies)] + [f"C:{c}" for c in sorted(self.countries)]


def _slack(features: Features) -> int:
    return _SLACK.get(features.precision or "", 0) + (1 if features.inferred else 0)


def _is_city(place: str | None) -> bool:
    return bool(place) and not (len(place) == 2 and place.isupper())  # type: ignore[arg-type]


def score(event: Features, story: Features) -> float | None:
    """How well the event fits the story, None when it cannot be the same happening."""
    kind = combined_type(story.type, event.type)
    if kind is None or event.start is None or story.start is None:
        return None
    if not ranges_meet((story.start, story.end), (event.start, event.end), max(_slack(event), _slack(story))):
        return None
    if _is_city(event.location) and _is_city(story.location) and event.location != story.location and not moves(kind):
        return None
    shared = len(event.agencies & story.agencies)
    if shared:
        parties = shared / min(len(event.agencies), len(story.agencies))
    else:
        countries = len(event.countries & story.countries)
        if not countries:
            return None
        parties = 0.6 * countries / min(len(event.countries), len(story.countries))
    union = event.terms | story.terms
    similar = len(event.terms & story.terms) / len(union) if union else 0.0
    same_day = 0.15 if event.start == story.start else 0.0
    return parties + 0.5 * similar + same_day


def _split(value: str | None) -> set[str]:
    return set(filter(None, (value or "").split("|")))


def _story_features(row) -> Features:  # type: ignore[no-untyped-def]
    return Features(row.type, row.date_start, row.date_end, row.precision, False, row.location,
                    _split(row.agencies), _split(row.countries), _split(row.terms))


def _event_features(session: Session, event_ids: list[int]) -> dict[int, tuple[int, Features]]:
    """(article id, features) of each event, its parties read from its participants' entities."""
    found: dict[int, tuple[int, Features]] = {}
    for at in range(0, len(event_ids), IN_CHUNK):
        chunk = event_ids[at:at + IN_CHUNK]
        for row in session.execute(select(EventRow.id, EventRow.article_id, EventRow.type, EventRow.date_start,
                                          EventRow.date_end, EventRow.precision, EventRow.date_inferred,
                                          EventRow.location, EventRow.sentence).where(EventRow.id.in_(chunk))):
            found[row.id] = (row.article_id, Features(row.type, row.date_start, row.date_end, row.precision,
                                                      bool(row.date_inferred), row.location,
                                                      terms=terms_of(row.sentence)))
        parties = session.execute(
            select(EventParticipant.event_id, Entity.kind, Entity.key, Entity.country)
            .join(Entity, Entity.id == EventParticipant.entity_id)
            .where(EventParticipant.event_id.in_(chunk)))
        for event_id, kind, key, country in parties:
            features = found[event_id][1]
            if kind == "AGENCY":
                features.agencies.add(key)
            if kind == "COUNTRY":
                features.countries.add(key)
            elif country and kind == "AGENCY" and country != "INT":
                features.countries.add(country)
    return found


class _Grouping:
    """Stories of one transaction: those read from the index and those made here, with the keys
    each is filed under, so that events of one batch find each other too."""

    def __init__(self, session: Session):
        self.session = session
        self.stories: dict[int, Features] = {}
        self.filed: dict[tuple[int, str], set[int]] = defaultdict(set)
        self.touched: set[int] = set()
        self.created: list[int] = []

    def read(self, wanted: set[tuple[int, str]]) -> None:
        """Read the stored stories filed under any of these (week, key) pairs, and file them here."""
        by_key: dict[str, set[int]] = defaultdict(set)
        for week, key in wanted:
            by_key[key].add(week)
        keys = sorted(by_key)
        weeks = sorted({w for ws in by_key.values() for w in ws})
        near: set[int] = set()
        for at in range(0, len(keys), IN_CHUNK):
            rows = self.session.execute(
                select(StoryKey.bucket, StoryKey.key, StoryKey.story_id)
                .where(StoryKey.key.in_(keys[at:at + IN_CHUNK]), StoryKey.bucket.in_(weeks))
                .limit(_MOST_CANDIDATES * max(1, len(keys))))
            for week, key, story in rows:
                if week in by_key[key]:
                    self.filed[(week, key)].add(story)
                    near.add(story)
        missing = sorted(near - set(self.stories))
        for at in range(0, len(missing), IN_CHUNK):
            for row in self.session.execute(
                    select(Story.id, Story.type, Story.date_start, Story.date_end, Story.precision, Story.location,
                           Story.agencies, Story.countries, Story.terms).where(Story.id.in_(missing[at:at + IN_CHUNK]))):
                self.stories[row.id] = _story_features(row)

    def candidates(self, wanted: set[tuple[int, str]]) -> set[int]:
        """Stories filed under any of these (week, key) pairs: stored ones (`read` first) or made here."""
        return {story for pair in wanted for story in self.filed.get(pair, ())}

    def file(self, story: int, features: Features) -> None:
        for week in features.weeks():
            for key in features.keys():
                self.filed[(week, key)].add(story)

    def join(self, story: int, event: Features) -> None:
        joined = self.stories[story]
        joined.type = combined_type(joined.type, event.type) or joined.type
        joined.agencies |= event.agencies
        joined.countries |= event.countries
        joined.terms |= event.terms
        joined.location = joined.location or event.location
        if joined.start is None or (event.start is not None and not event.inferred
                                    and (event.end or event.start) - event.start < (joined.end or joined.start) - joined.start):
            joined.start, joined.end, joined.precision = event.start, event.end, event.precision
        self.file(story, event)
        self.touched.add(story)

    def new(self, event: Features) -> int:
        """A story for this event, under a provisional (negative) id until `created` stores them all."""
        story = -1 - len(self.created)
        self.created.append(story)
        self.stories[story] = Features(event.type, event.start, event.end, event.precision, event.inferred,
                                       event.location, set(event.agencies), set(event.countries), set(event.terms))
        self.file(story, event)
        self.touched.add(story)
        return story

    def store_created(self) -> dict[int, int]:
        """Insert the stories made here in one statement; provisional id -> stored id."""
        if not self.created:
            return {}
        rows = [_blank(self.stories[story]) for story in self.created]
        ids = self.session.execute(insert(Story).returning(Story.id, sort_by_parameter_order=True), rows).scalars().all()
        return dict(zip(self.created, ids, strict=True))


def _blank(features: Features) -> dict[str, object]:
    """A story row before `refresh` fills it from its events."""
    return {"type": features.type, "date_start": features.start, "date_end": features.end,
            "precision": features.precision, "location": features.location, "participants": "", "agencies": "",
            "countries": "", "terms": "", "sources": 0, "confidence": 0.0}


def group_events(session: Session, event_ids: Iterable[int]) -> set[int]:
    """Give each of these events (just written) a story: the best-fitting one among those the
    blocking index offers, else a new one; then bring the touched stories up to date. Events of
    one article never group with each other here: the article's own merging already ran."""
    ids = sorted(set(event_ids))
    if not ids:
        return set()
    features = _event_features(session, ids)
    grouping = _Grouping(session)
    by_article: dict[int, list[int]] = defaultdict(list)
    for event_id in ids:
        by_article[features[event_id][0]].append(event_id)
    assigned: list[dict[str, int]] = []
    # The stored stories under any (week, party) of the batch, read at once; those the batch makes
    # are filed in memory as they come.
    wanted_by = {e: {(week, key) for week in features[e][1].weeks() for key in features[e][1].keys()} for e in ids}
    everything = set().union(*wanted_by.values())
    grouping.read(everything)
    for article, events in sorted(by_article.items()):
        offered = grouping.candidates(set().union(*(wanted_by[e] for e in events)))
        taken: set[int] = set()  # an article reports each happening once: its events go to different stories
        for event_id in events:
            event = features[event_id][1]
            scored = [(s, story) for story in sorted(offered - taken)
                      if (s := score(event, grouping.stories[story])) is not None and s >= _ENOUGH]
            if scored:
                story = max(scored)[1]
                grouping.join(story, event)
            else:
                story = grouping.new(event)
            taken.add(story)
            assigned.append({"event": event_id, "story": story})
    stored = grouping.store_created()
    for row in assigned:
        row["story"] = stored.get(row["story"], row["story"])
    for at in range(0, len(assigned), IN_CHUNK):
        session.connection().execute(
            update(EventRow.__table__).where(EventRow.__table__.c.id == bindparam("event"))
            .values(story_id=bindparam("story")), assigned[at:at + IN_CHUNK])
    touched = {stored.get(story, story) for story in grouping.touched}
    refresh(session, touched, {event_id: features[event_id] for event_id in ids})
    return touched


# Stories recomputed per statement batch: their events' ids go into IN lists.
_REFRESH_CHUNK = 300


def refresh(session: Session, story_ids: Iterable[int],
            known: Mapping[int, tuple[int, Features]] | None = None) -> None:
    """Recompute these stories from their events (type, dates, parties, sources, first report,
    confidence) and file them anew in the blocking index; a story left without events goes. The rows
    are locked first, in id order, so that concurrent writers queue instead of overwriting each other
    (FOR NO KEY UPDATE on PostgreSQL: the key-share locks another writer's new events hold on their
    story do not conflict with it, so two writers never wait for each other in a circle).
    `known`: features of events read already (those just grouped), not read again."""
    ids = sorted(set(story_ids))
    known = known or {}
    for at in range(0, len(ids), _REFRESH_CHUNK):
        chunk = ids[at:at + _REFRESH_CHUNK]
        session.execute(select(Story.id).where(Story.id.in_(chunk)).order_by(Story.id).with_for_update(key_share=True))
        members: dict[int, list[int]] = defaultdict(list)
        for event_id, story in session.execute(select(EventRow.id, EventRow.story_id).where(EventRow.story_id.in_(chunk))):
            members[story].append(event_id)
        gone = [s for s in chunk if s not in members]
        if gone:
            session.execute(delete(Story).where(Story.id.in_(gone)))
        session.execute(delete(StoryKey).where(StoryKey.story_id.in_(chunk)))
        all_events = sorted(e for es in members.values() for e in es)
        features = {e: known[e] for e in all_events if e in known}
        features.update(_event_features(session, [e for e in all_events if e not in known]))
        details = {row.id: row for row in session.execute(
            select(EventRow.id, EventRow.article_id, EventRow.confidence, EventRow.start, Article.published)
            .join(Article, Article.id == EventRow.article_id).where(EventRow.id.in_(all_events)))}
        labels: dict[int, list[str]] = defaultdict(list)
        for event_id, label in session.execute(select(EventParticipant.event_id, EventParticipant.label)
                                               .where(EventParticipant.event_id.in_(all_events))
                                               .order_by(EventParticipant.id)):
            labels[event_id].append(label)
        keys: list[dict[str, object]] = []
        summaries: list[dict[str, object]] = []
        for story, events in sorted(members.items()):
            events.sort(key=lambda e: (details[e].published or dt.date.max, details[e].article_id, details[e].start))
            values, story_keys = _summary(events, features, details, labels)
            summaries.append({"story": story, **{f"new_{k}": v for k, v in values.items()}})
            keys += [{"bucket": week, "key": key, "story_id": story} for week, key in story_keys]
        if summaries:  # one executemany for the chunk, not a statement per story
            table = Story.__table__
            columns = [name.removeprefix("new_") for name in summaries[0] if name != "story"]
            session.connection().execute(
                update(table).where(table.c.id == bindparam("story"))
                .values({column: bindparam(f"new_{column}") for column in columns}), summaries)
        if keys:
            session.execute(insert(StoryKey), keys)


def _summary(events, features, details, labels) -> tuple[dict[str, object], set[tuple[int, str]]]:  # type: ignore[no-untyped-def]
    kind = features[events[0]][1].type
    for e in events[1:]:
        kind = combined_type(kind, features[e][1].type) or max(kind, features[e][1].type, key=specificity)
    dated = [features[e][1] for e in events if features[e][1].start is not None]
    written = [f for f in dated if not f.inferred] or dated
    best = min(written, key=lambda f: ((f.end or f.start) - f.start, f.start)) if written else None
    agencies = set().union(*(features[e][1].agencies for e in events))
    countries = set().union(*(features[e][1].countries for e in events))
    terms = sorted(set().union(*(features[e][1].terms for e in events)))[:_MOST_TERMS]
    participants = list(dict.fromkeys(label for e in events for label in labels.get(e, ())))
    # Each source counts once, with its surest report; independent reports make the happening surer.
    per_article: dict[int, float] = {}
    for e in events:
        article = details[e].article_id
        per_article[article] = max(per_article.get(article, 0.0), float(details[e].confidence))
    doubt = 1.0
    for confidence in per_article.values():
        doubt *= 1.0 - confidence
    published = [details[e].published for e in events if details[e].published is not None]
    location = next((features[e][1].location for e in events if features[e][1].location), None)
    values = {
        "type": kind, "date_start": best.start if best else None, "date_end": best.end if best else None,
        "precision": best.precision if best else None, "location": location,
        "participants": "|".join(participants), "agencies": "|".join(sorted(agencies)),
        "countries": "|".join(sorted(countries)), "terms": "|".join(terms), "sources": len(per_article),
        "first_reported": min(published) if published else None, "confidence": round(1.0 - doubt, 3),
    }
    filed = {(week, key) for e in events for week in features[e][1].weeks() for key in features[e][1].keys()}
    return values, filed


def ungroup(session: Session, article_ids: Iterable[int]) -> set[int]:
    """The stories these articles' events belong to (before the events are rewritten)."""
    ids = sorted(set(article_ids))
    found: set[int] = set()
    for at in range(0, len(ids), IN_CHUNK):
        found.update(s for s in session.scalars(select(EventRow.story_id).where(
            EventRow.article_id.in_(ids[at:at + IN_CHUNK]), EventRow.story_id.is_not(None))))
    return found


# --- the analyst's corrections of the grouping ---------------------------------------------------

def _events_of(session: Session, reports: Iterable[Mapping[str, object]]) -> dict[int, int | None]:
    """event id -> story id of the events these reports ({"article": content hash, "start"}) name."""
    wanted = {(str(r["article"]), int(r["start"])) for r in reports}  # type: ignore[call-overload]
    hashes = sorted({h for h, _ in wanted})
    found: dict[int, int | None] = {}
    for at in range(0, len(hashes), IN_CHUNK):
        rows = session.execute(select(EventRow.id, EventRow.story_id, EventRow.start, Article.content_hash)
                               .join(Article, Article.id == EventRow.article_id)
                               .where(Article.content_hash.in_(hashes[at:at + IN_CHUNK])))
        found.update((row.id, row.story_id) for row in rows if (row.content_hash, row.start) in wanted)
    return found


def apply_story_corrections(session: Session, corrections: Iterable[Correction],
                            articles: set[str] | None = None) -> None:
    """Replay the analyst's merges and splits of stories, in log order; with `articles` (content
    hashes), only those naming a report of one of them (the rest hold already)."""
    for correction in corrections:
        if correction.op not in STORY_OPS or correction.problem is not None:
            continue
        reports = correction.value.get("reports") or []
        if articles is not None and not any(r["article"] in articles for r in reports):
            continue
        events = _events_of(session, reports)
        stories = {s for s in events.values() if s is not None}
        if correction.op == "merge_stories":
            if len(stories) < 2:
                continue
            into, *others = sorted(stories)
            session.execute(update(EventRow).where(EventRow.story_id.in_(others)).values(story_id=into))
        elif events:
            first = next(iter(events))
            split = session.execute(insert(Story).values(**_blank(_event_features(session, [first])[first][1]))
                                    .returning(Story.id)).scalar_one()
            session.execute(update(EventRow).where(EventRow.id.in_(sorted(events))).values(story_id=split))
            stories.add(split)
        refresh(session, stories)


def regroup(session: Session, reports: Iterable[Mapping[str, object]], log: Iterable[Correction]) -> None:
    """Group anew, as an ingest would, every event of the stories these reports belong to (after a
    story correction is undone), then replay the log's story corrections that name them."""
    stories = {s for s in _events_of(session, reports).values() if s is not None}
    if not stories:
        return
    events = sorted(session.scalars(select(EventRow.id).where(EventRow.story_id.in_(sorted(stories)))))
    session.execute(update(EventRow).where(EventRow.id.in_(events)).values(story_id=None))
    refresh(session, stories)
    group_events(session, events)
    hashes = set(session.scalars(select(Article.content_hash).join(EventRow, EventRow.article_id == Article.id)
                                 .where(EventRow.id.in_(events))))
    apply_story_corrections(session, log, hashes)
