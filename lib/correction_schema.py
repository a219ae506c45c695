"""The declared shape of a correction record: what the log, a shared log or gazetteer file and the
forms may hold. A record is checked here, whole, before anything is written; one that fails says
which field and why, in the analyst's words ("aliases must be a list of strings").

Each operation has its own value model (the fields it reads, and no others), so a record from
anywhere - an old database, a colleague's file, a crafted one - either fits or is refused.
"""
from __future__ import annotations

import functools
import re
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter,
                      ValidationError, model_validator)

from lib.readers.cleanup import one_line

OPS = ("merge", "rename", "relabel", "set_agency", "delete_mention", "add_agency", "merge_stories", "split_story")
# Corrections of the grouping of reports into stories (kind STORY): they name reports, not entities.
STORY_OPS = ("merge_stories", "split_story")
STORY = "STORY"
MAX_REPORTS = 1000
KINDS = ("AGENCY", "PERSON", "COUNTRY", "LOCATION", "ORG")
ENTITY_KINDS = ("AGENCY", "PERSON", "COUNTRY", "LOCATION")
AGENCY_KINDS = ("police", "gendarmerie", "domestic_intelligence", "foreign_intelligence", "intelligence",
                "border_customs", "judicial", "interior_ministry", "counter_terrorism", "international")
MAX_NAME_CHARS = 300  # the store's key and name columns
MAX_NOTE_CHARS = 2000
MAX_ALIASES = 100
# What tools write for "no value": never a name.
_PLACEHOLDERS = {"none", "null", "nan", "n/a", "undefined"}


def _refuse(message: str) -> ValueError:
    """A refusal in the analyst's words; pydantic keeps it as the error's cause (see `explain`)."""
    return ValueError(message)


def _name(value: str) -> str:
    cleaned = one_line(value) or ""
    if not cleaned or cleaned.casefold() in _PLACEHOLDERS:
        raise _refuse("is missing")
    return cleaned


@functools.cache
def _common_words() -> frozenset[str]:
    # spaCy's English and French stop-word lists; imported here only, when an alias is checked.
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
    from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH

    return frozenset(w.casefold() for w in (*ENGLISH, *FRENCH))


def _alias(value: str) -> str:
    # The matcher looks for every alias in every article: a letter or a common word matches everywhere.
    if len(value) < 2 or not any(ch.isalpha() for ch in value):
        raise _refuse(f"alias {value!r} is too short to look for: it would match everywhere")
    if value.casefold() in _common_words():
        raise _refuse(f"alias {value!r} is a common word: it would match everywhere")
    return value


def _country(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{2,3}", value):
        raise _refuse("must be an ISO country code (two or three letters, INT for international)")
    return value


Name = Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS), AfterValidator(_name)]
Alias = Annotated[Name, AfterValidator(_alias)]
Note = Annotated[str, StringConstraints(max_length=MAX_NOTE_CHARS), AfterValidator(lambda v: one_line(v) or None)]
Country = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, max_length=8),
                    AfterValidator(_country)]
AgencyKind = Literal[AGENCY_KINDS]  # type: ignore[valid-type]
ContentHash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MergeValue(_Value):
    into: Name
    # What the store knew of `into` when the merge was made (see lib/store._with_merge_target).
    name: Name | None = None
    country: Country | None = None
    agency_kind: AgencyKind | None = None


class RenameValue(_Value):
    name: Name


class RelabelValue(_Value):
    to: Literal[("", *ENTITY_KINDS)] = ""  # type: ignore[valid-type]  # "": not an entity
    key: Name | None = None
    name: Name | None = None
    country: Country | None = None
    agency_kind: AgencyKind | None = None


class SetAgencyValue(_Value):
    country: Country | None = None
    agency_kind: AgencyKind | None = None

    @model_validator(mode="after")
    def _something(self) -> SetAgencyValue:
        if not (self.country or self.agency_kind):
            raise _refuse("set_agency needs a country or an agency kind")
        return self


class DeleteMentionValue(_Value):
    article: ContentHash
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=1)]

    @model_validator(mode="after")
    def _span(self) -> DeleteMentionValue:
        if self.end <= self.start:
            raise _refuse("delete_mention needs an end after its start")
        return self


class AddAgencyValue(_Value):
    name: Name | None = None
    country: Country | None = None
    agency_kind: AgencyKind | None = None
    aliases: Annotated[list[Alias], Field(max_length=MAX_ALIASES), AfterValidator(_unique)] = []

    @model_validator(mode="after")
    def _findable(self) -> AddAgencyValue:
        if not (self.aliases or self.name):
            raise _refuse("add_agency needs at least one name or alias to look for")
        return self


class ReportRef(_Value):
    """One article's report of a happening: the article (its content hash) and where the event's
    first evidence sentence starts in it. Stable across re-extraction, unlike event and story ids."""

    article: ContentHash
    start: Annotated[int, Field(ge=0)]


class StoryValue(_Value):
    reports: Annotated[list[ReportRef], Field(min_length=1, max_length=MAX_REPORTS)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal[KINDS]  # type: ignore[valid-type]
    target: Name
    note: Note | None = None
    # Kept by a shared log file; not part of the change itself.
    created_at: Any = None
    undone: bool = False


class MergeRecord(_Record):
    op: Literal["merge"]
    value: MergeValue

    @model_validator(mode="after")
    def _another(self) -> MergeRecord:
        if self.value.into == self.target:
            raise _refuse("merge needs another entity to merge into")
        return self


class RenameRecord(_Record):
    op: Literal["rename"]
    value: RenameValue


class RelabelRecord(_Record):
    op: Literal["relabel"]
    value: RelabelValue = RelabelValue()


class _AgencyRecord(_Record):
    @model_validator(mode="after")
    def _an_agency(self) -> _AgencyRecord:
        if self.kind != "AGENCY":
            raise _refuse(f"{getattr(self, 'op')} is for agencies (kind AGENCY)")
        return self


class SetAgencyRecord(_AgencyRecord):
    op: Literal["set_agency"]
    value: SetAgencyValue


class DeleteMentionRecord(_Record):
    op: Literal["delete_mention"]
    value: DeleteMentionValue


class AddAgencyRecord(_AgencyRecord):
    op: Literal["add_agency"]
    value: AddAgencyValue


class _StoryRecord(_Record):
    kind: Literal["STORY"]  # type: ignore[assignment]


class MergeStoriesRecord(_StoryRecord):
    """The stories these reports belong to are one happening."""

    op: Literal["merge_stories"]
    value: StoryValue

    @model_validator(mode="after")
    def _two(self) -> MergeStoriesRecord:
        if len({(r.article, r.start) for r in self.value.reports}) < 2:
            raise _refuse("merge_stories needs reports of two stories")
        return self


class SplitStoryRecord(_StoryRecord):
    """These reports are a happening of their own, apart from the rest of their story."""

    op: Literal["split_story"]
    value: StoryValue


Record = Annotated[MergeRecord | RenameRecord | RelabelRecord | SetAgencyRecord | DeleteMentionRecord
                   | AddAgencyRecord | MergeStoriesRecord | SplitStoryRecord, Field(discriminator="op")]
_RECORD: TypeAdapter[Record] = TypeAdapter(Record)


class InvalidRecord(ValueError):
    """A record that does not fit its declared shape; the message names the field."""


def check_record(record: object, *, field_names: dict[str, str] | None = None) -> Record:
    """The record validated and cleaned (names trimmed, aliases deduplicated), or InvalidRecord.
    `field_names` renames fields in the message, for files whose columns are called otherwise."""
    try:
        return _RECORD.validate_python(record)
    except ValidationError as error:
        raise InvalidRecord(explain(error, field_names or {})) from None


def value_of(record: Record) -> dict[str, Any]:
    """The record's value as the log stores it: the fields given, nothing empty."""
    return record.value.model_dump(exclude_none=True)


# --- messages --------------------------------------------------------------------------------------

_TYPES = {"string_type": "a string", "int_type": "a whole number", "int_parsing": "a whole number",
          "int_from_float": "a whole number", "bool_type": "true or false", "bool_parsing": "true or false",
          "model_type": "an object", "model_attributes_type": "an object", "dict_type": "an object"}
_PATTERNS = {"article": "an article's content hash (64 hexadecimal characters)"}


def explain(error: ValidationError, field_names: dict[str, str]) -> str:
    """The first problem of a validation error as one short sentence."""
    problem = error.errors(include_url=False)[0]
    kind, ctx, given = problem["type"], problem.get("ctx") or {}, problem.get("input")
    path = [part for part in problem["loc"] if part not in OPS]
    if path[:1] == ["value"] and len(path) > 1:
        path = path[1:]
    in_list = bool(path) and isinstance(path[-1], int)
    names = [str(part) for part in path if not isinstance(part, int)]
    where = ".".join(field_names.get(n, n) for n in names) or "the record"
    if kind == "union_tag_not_found":
        return "op is missing"
    if kind == "union_tag_invalid":
        return f"op must be one of {', '.join(OPS)} (not {str(ctx.get('tag'))[:40]!r})"
    if kind == "value_error":
        message = str(ctx.get("error", problem["msg"]))
        return f"{where} {message}" if message.startswith(("is ", "must ")) else message
    if kind == "missing" or (given is None and kind in _TYPES):
        return f"{where} is missing"
    if in_list and kind == "string_type":
        return f"{where} must be a list of strings"
    if kind == "list_type":
        return f"{where} must be a list of strings"
    if kind in _TYPES:
        return f"{where} must be {_TYPES[kind]}"
    if kind == "literal_error":
        return f"{where} must be one of {ctx.get('expected')}"
    if kind == "string_too_long":
        return f"{where} must be at most {ctx.get('max_length')} characters"
    if kind == "too_long":
        return f"{where} may hold at most {ctx.get('max_length')} items"
    if kind == "string_pattern_mismatch":
        return f"{where} must be {_PATTERNS.get(names[-1] if names else '', 'of the documented form')}"
    if kind == "greater_than_equal":
        return f"{where} must be at least {ctx.get('ge')}"
    if kind == "extra_forbidden":
        return f"{where} is not a field of this correction"
    return f"{where}: {problem['msg'][0].lower()}{problem['msg'][1:]}"
