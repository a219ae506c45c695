"""Agency spans in a tokenised Doc: gazetteer names, in-text acronym definitions, generic forms.

`AgencyMatcher` runs inside the pipeline before the statistical NER so that the NER builds its
predictions around these spans. Each span carries a provisional agency id in `kb_id_` ("" for a
generic form) and, in `doc.user_data[FOUND_BY]`, how it was found: the evidence the body's choice
rests on, which lib/extraction/resolution.py weighs once the document's countries are known.
"""
from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from lib.extraction.dates import is_calendar_word
from lib.extraction.gazetteer import (
    DATA_DIR,
    GENERIC_PHRASE,
    SPECIFIC_NAME,
    AgencyEntry,
    Gazetteer,
    fold,
    fold_same_length,
    strip_accents_same_length,
    written_variants,
)
from lib.extraction.roles import ROLE_SPAN_KEY, rank_lexicon

AGENCY = "AGENCY"
SPAN_KEY = "entente_agencies"

# doc.user_data keys: acronyms defined in the text that the gazetteer lacks, and how each span was found.
NEW_AGENCIES = "entente_new_agencies"
_REDEFINED = "entente_redefined_acronyms"
# Interpol's national central bureaus: "Interpol Pakistan", "UAE Interpol", "NCB Manila", "BCN Dakar".
_INTERPOL = "Interpol"
_NCB_ACRONYMS = {"NCB", "BCN"}
FOUND_BY = "entente_found_by"
# How a span was found, besides the gazetteer's kinds of name (GENERIC_PHRASE ... SPECIFIC_NAME).
ACRONYM = "gazetteer acronym"
DEFINED = "acronym defined in the text"
LOCAL = "local force"

_CONNECTORS = {"of", "the", "for", "and", "de", "la", "le", "du", "des", "l'", "d'", "del", "los", "las", "el", "y", "-"}
_STOP_POS = {"VERB", "AUX", "PRON", "SCONJ", "CCONJ", "NUM", "PUNCT", "SYM", "X"}
_DETERMINERS = {"the", "a", "an", "le", "la", "les", "l'", "un", "une", "el", "los", "las", "its", "their", "his", "her"}
_POSSESSIVE = {"'s", "’s", "'"}
_OF = {"of", "de", "du", "d'", "d’", "del", "in", "en", "au", "aux"}
_MAX_LONG_FORM = 10
_WORDLIKE = 6  # letters from which an acronym may be written as a word
# "(DGST)", "(BfV)": a parenthesised acronym, found with one pass of the regex engine.
_DEFINED = re.compile(r"\((\w[\w.\-]{1,11})\)")


@dataclass(frozen=True)
class FoundBy:
    """The evidence of one agency span: how it was found, the gazetteer bodies it may name, the kinds of
    body a generic form names, and a country written onto the phrase ("Spanish police", "police de Dubaï")."""

    how: str
    candidates: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    cue: str | None = None


@dataclass(frozen=True)
class NewAgency:
    """An acronym defined in the text ("Territory Surveillance (DGST)") that the gazetteer lacks."""

    acronym: str
    long_form: str
    kind: str | None
    id: str = ""  # the acronym, unless the gazetteer has a body of that id

    @property
    def key(self) -> str:
        return self.id or self.acronym


@functools.lru_cache(maxsize=1)
def institution_heads() -> frozenset[str]:
    """Nouns that head an institution's name (ministry, bureau, command...)."""
    with (DATA_DIR / "institution_heads.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(fold(row["word"]) for row in csv.DictReader(handle))


@functools.lru_cache(maxsize=1)
def agency_keywords() -> dict[str, str]:
    """Words that make a defined long form a security body, with the kind they suggest."""
    with (DATA_DIR / "agency_keywords.csv").open(encoding="utf-8", newline="") as handle:
        return {fold(row["keyword"]): row["kind"] for row in csv.DictReader(handle)}


def _is_acronym(text: str) -> bool:
    letters = text.replace("-", "").replace(".", "")
    return 2 <= len(letters) <= 10 and letters.isalnum() and sum(ch.isupper() for ch in letters) >= 2 and text[0].isupper()



class AgencyMatcher:
    """Finds agency spans; built once per pipeline."""

    def __init__(self, vocab: Vocab, make_doc, gazetteer: Gazetteer, language: str | None = None):
        self.gazetteer = gazetteer
        self.acronyms = PhraseMatcher(vocab, attr="ORTH")
        self.long_forms = PhraseMatcher(vocab, attr="LOWER")
        self._long_form_key: dict[int, str] = {}
        self._kind: dict[str, str] = {}  # folded long form -> its gazetteer form kind
        self._acronym_of: dict[str, str] = {}  # as written -> the gazetteer's acronym
        for acronym in sorted(gazetteer.acronyms):
            # An acronym that reads as a word is often written in title case ("Ameripol", "Afripol").
            variants = {acronym, acronym.title()} if len(acronym) >= _WORDLIKE and acronym.isalpha() else {acronym}
            self.acronyms.add(acronym, [make_doc(v) for v in variants])
            self._acronym_of.update({v: acronym for v in variants})
        forms: dict[str, set[str]] = {}
        for agency in gazetteer.agencies.values():
            for form in agency.long_forms:
                forms.setdefault(fold(form), set()).update(written_variants(form))
        # Generic phrases are long forms too: "the interior ministry" is a body whose country the text gives.
        for key, written in gazetteer.vocabulary.written.items():
            for phrase in written:
                forms.setdefault(key, set()).update(written_variants(phrase))
        for key, variants in forms.items():
            self.long_forms.add(key, [make_doc(v) for v in variants])
            self._long_form_key[vocab.strings[key]] = key
            self._kind[key] = gazetteer.form_kind(key, language)

    # -- the component ----------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        roles = list(doc.spans[ROLE_SPAN_KEY]) if ROLE_SPAN_KEY in doc.spans else []
        role_tokens = {i for span in roles for i in range(span.start, span.end)}
        found_by: dict[tuple[int, int], FoundBy] = doc.user_data.setdefault(FOUND_BY, {})
        spans: list[Span] = []
        generic: list[tuple[int, int]] = []
        for _match_id, start, end in self.acronyms(doc):
            candidates = self.gazetteer.by_acronym(self._acronym_of.get(doc[start:end].text, doc[start:end].text))
            if candidates:
                spans.append(Span(doc, start, end, label=AGENCY, kb_id=candidates[0].id))
                found_by[(start, end)] = FoundBy(ACRONYM, tuple(a.id for a in candidates))
        for match_id, start, end in self.long_forms(doc):
            key = self._long_form_key[match_id]
            if doc[start].is_lower and doc[start].pos_ in ("VERB", "AUX"):
                continue  # "met police chiefs": a verb, not the Met
            kind = self._kind[key]
            if self.gazetteer.generic_roles(key):
                generic.append((start, end))  # "police nationale": a kind of body, whichever bodies bear it
                continue
            found = self.gazetteer.by_alias(key)
            if doc[end - 1].is_lower and _plural_after(self.gazetteer, doc, end):
                continue  # "French customs agents" are people; "Guardia Civil officers" belong to a body
            if not found or end - start == 1 and doc[start].is_lower and any(
                    f[:1].isupper() for a in found for f in a.long_forms if fold(f) == key):
                continue  # "hawks" in running text is not the Hawks
            roles = tuple(dict.fromkeys(_shared_roles(found) + self.gazetteer.generic_roles(key)))
            cue, start, end = (None, start, end) if kind == SPECIFIC_NAME else country_around(self.gazetteer, doc, start, end)
            local = None if kind == SPECIFIC_NAME or cue else _local_force(self.gazetteer, doc, start, end)
            trade = roles or self.gazetteer.generic_roles(doc[max(start, end - 2) : end].text)
            if local is not None and _SEATED & set(trade):
                # "Longueuil Metropolitan Police Service": a name others bear too, with the town it serves.
                found_by[local] = FoundBy(LOCAL, roles=trade)
                spans.append(Span(doc, *local, label=AGENCY, kb_id=""))
                continue
            spans.append(Span(doc, start, end, label=AGENCY, kb_id=found[0].id if kind == SPECIFIC_NAME else ""))
            found_by[(start, end)] = FoundBy(kind, tuple(a.id for a in found), roles, cue)
        spans.extend(self._generic_forms(doc, generic, role_tokens, found_by))
        # A definition in the text beats the gazetteer, also where a gazetteer name overlaps it
        # ("Poland's Central Bureau of Investigation (CBŚP)" is not India's CBI).
        defined = self._defined(doc, role_tokens, found_by)
        defined += self._named_in_parentheses(doc, spans + defined, role_tokens, found_by)
        spans = self._redefined_acronyms(doc, spans, found_by)
        in_definitions = {i for span in defined for i in range(span.start, span.end)}
        spans = [span for span in spans if not any(i in in_definitions for i in range(span.start, span.end))]
        kept = filter_spans(defined + spans)
        doc.spans[SPAN_KEY] = kept
        # "unmodified" leaves every other token open to the statistical NER.
        doc.set_ents(kept, default="unmodified")
        return doc

    def _generic_forms(self, doc: Doc, matches: list[tuple[int, int]], role_tokens: set[int],
                       found_by: dict[tuple[int, int], FoundBy]) -> list[Span]:
        """"the interior ministry", "Spanish police", "la police nationale gabonaise", "Brandenburg state
        police", "police de Longueuil": generic phrases, with the country or the place written onto them."""
        found = []
        for start, end in matches:
            # A title inside is part of the body's name ("le bureau du procureur général"), not one opening
            # it, unless the body is the title's office ("the Attorney General's Office").
            if start in role_tokens and not _office_of_title(doc, start, end, role_tokens) \
                    or _plural_after(self.gazetteer, doc, end):
                continue
            country, span_start, span_end = country_around(self.gazetteer, doc, start, end)
            found.append((start, end, self.gazetteer.generic_roles(doc[start:end].text), country, span_start, span_end))
        cue_at = {start: country for start, _e, _r, country, _s, _se in found if country}
        # "des gardes-côtes et du bureau du procureur général libyens": a list of bodies shares the country
        # written after its last one, and "la police et la gendarmerie espagnoles" that of the second.
        for start, end, *_rest in reversed(found):
            following = _next_conjunct(doc, end)
            if start not in cue_at and following in cue_at:
                cue_at[start] = cue_at[following]
        spans = []
        for start, end, roles, country, span_start, span_end in found:
            known = found_by.get((span_start, span_end))
            if known is not None and known.how == SPECIFIC_NAME:
                continue  # "Gendarmerie royale du Canada" is the RCMP's own name, not a generic one + country
            bearers = tuple(a.id for a in self.gazetteer.by_alias(doc[start:end].text))
            country = country or cue_at.get(start)
            if country is None and _SEATED & set(roles):
                local = _local_force(self.gazetteer, doc, start, end)
                if local is not None:
                    found_by[local] = FoundBy(LOCAL, roles=roles)
                    spans.append(Span(doc, *local, label=AGENCY, kb_id=""))
                    continue
            # A lone "police" or "customs" names a body only with its country ("la police espagnole").
            if country is None and end - start == 1:
                continue
            named = _named_after(doc, span_end)
            if named > span_end:  # "the Canadian Police Command": a body of its own, of that country
                found_by[(span_start, named)] = FoundBy(LOCAL, roles=roles, cue=country)
                spans.append(Span(doc, span_start, named, label=AGENCY, kb_id=""))
                continue
            found_by[(span_start, span_end)] = FoundBy(GENERIC_PHRASE, bearers, roles, country)
            spans.append(Span(doc, span_start, span_end, label=AGENCY, kb_id=""))
        return spans

    # -- acronyms defined in the text -------------------------------------------------------
    def _defined(self, doc: Doc, role_tokens: set[int], found_by: dict[tuple[int, int], FoundBy]) -> list[Span]:
        spans: list[Span] = []
        learned: dict[str, str] = {}
        new_agencies: dict[str, NewAgency] = doc.user_data.setdefault(NEW_AGENCIES, {})
        # Acronyms this text defines: "Australian Federal Police (AFP)" makes a later bare "AFP" that
        # body here, while "AFP" elsewhere stays the news agency.
        defined: dict[str, str] = {}
        keywords = agency_keywords()
        for match in _DEFINED.finditer(doc.text):
            inner = doc.char_span(match.start(1), match.end(1))
            if inner is None or len(inner) != 1 or inner.start == 0 or doc[inner.start - 1].text != "(":
                continue
            start = inner.start - 1  # the "(" token
            acronym = self._acronym_of.get(inner.text, inner.text)  # "(Afripol)" is AFRIPOL
            if not _is_acronym(acronym):
                continue
            long_form = self._long_form_before(doc, start, role_tokens)
            if long_form is not None and self._is_country(long_form.text):
                long_form = None  # "authorities of GERMANY (BKA)": the country is not the body's name
            known = self.gazetteer.by_acronym(acronym)
            if known and long_form is not None:
                # "Direction générale de la sûreté nationale du Maroc (DGSN)": the long form may say which.
                named_by_form = [a for a in known if self._names(long_form, a)]
                other = self._named_agency(long_form) if not named_by_form else None
                if other is not None and other.id == _INTERPOL:
                    # "National Central Bureau (NCB)": Interpol's bureau, not India's Narcotics Control
                    # Bureau. (Redefining every acronym whose long form names another body lowered the
                    # held-out agencies from 0.961 to 0.935: long forms that name a body loosely.)
                    named_by_form = [other]
                    doc.user_data.setdefault(_REDEFINED, {})[acronym] = other.id
                known = tuple(named_by_form) or known
                # "Kenya Police Service (KPS)" is not Suriname's KPS: a long form naming another country
                # defines a body of its own.
                if not named_by_form and (own := self._country_in(long_form)) and all(a.country != own for a in known):
                    known = ()
            named = self._named_agency(long_form) if long_form is not None and not known else None
            if known:
                agency_id = known[0].id
            elif acronym in defined:
                agency_id = defined[acronym]
            elif named is not None:
                agency_id = defined[acronym] = named.id
            else:
                # A body the gazetteer lacks must be written as a proper name with a word of the trade
                # ("Coastal Narcotics Brigade"); "joint investigation team (JIT)" is a way of working.
                if long_form is None or not long_form[0].text[:1].isupper():
                    continue
                kinds = [keywords[fold(t.text)] for t in long_form if fold(t.text) in keywords]
                if not kinds:
                    continue
                # Its id is its acronym, unless a gazetteer body already has that id: then its long form.
                agency_id = acronym if self.gazetteer.agency(acronym) is None else long_form.text
                new_agencies[agency_id] = NewAgency(acronym, long_form.text, Counter(kinds).most_common(1)[0][0], agency_id)
                defined[acronym] = agency_id
            evidence = FoundBy(DEFINED, tuple(a.id for a in known) if known else (agency_id,),
                               cue=country_around(self.gazetteer, doc, long_form.start, long_form.end)[0]
                               if long_form is not None else None)
            spans.append(Span(doc, start + 1, start + 2, label=AGENCY, kb_id=agency_id))
            found_by[(start + 1, start + 2)] = evidence
            if long_form is not None:
                spans.append(Span(doc, long_form.start, long_form.end, label=AGENCY, kb_id=agency_id))
                found_by[(long_form.start, long_form.end)] = evidence
                text = long_form.text
                learned[strip_accents_same_length(text) if text != text.lower() else fold_same_length(text)] = agency_id
        for span in self._repeat_learned(doc, learned, defined):
            spans.append(span)
            if found_by.get((span.start, span.end), FoundBy("")).how != DEFINED:
                # The text's own definition, not the gazetteer's body of that acronym ("KPS" after
                # "Kenya Police Service (KPS)").
                found_by[(span.start, span.end)] = FoundBy(DEFINED, (span.kb_id_,))
        return spans

    def _redefined_acronyms(self, doc: Doc, spans: list[Span], found_by: dict[tuple[int, int], FoundBy]) -> list[Span]:
        """Acronyms the text defined as another body than the gazetteer's, at every mention; and "NCB
        Manila": Interpol's national central bureaus, which the gold counts as mentions of Interpol."""
        redefined = doc.user_data.get(_REDEFINED, {})
        result = []
        for span in spans:
            bureau = self._national_bureau(doc, span)
            agency_id = _INTERPOL if bureau is not None else redefined.get(span.text) if len(span) == 1 else None
            if agency_id is not None:
                start, end = bureau or (span.start, span.end)
                span = Span(doc, start, end, label=AGENCY, kb_id=agency_id)
                found_by[(start, end)] = FoundBy(SPECIFIC_NAME, (agency_id,))
            result.append(span)
        return result

    def _national_bureau(self, doc: Doc, span: Span) -> tuple[int, int] | None:
        """"NCB Manila", "NCB-Wiesbaden", "BCN Dakar": a national central bureau by its city."""
        if span.text not in _NCB_ACRONYMS:
            return None
        i = span.end + (1 if span.end < len(doc) and doc[span.end].text in "-–" else 0)
        for size in (1, 2, 3):
            if i + size <= len(doc) and doc[i + size - 1].text[:1].isupper():
                city = self.gazetteer.city(doc[i : i + size].text)
                if city is not None and city.country:
                    return span.start, i + size
        return None

    def _named_in_parentheses(self, doc: Doc, spans: list[Span], role_tokens: set[int],
                              found_by: dict[tuple[int, int], FoundBy]) -> list[Span]:
        """"the EU's law enforcement agency (Europol)", "International Criminal Police Department (UAE
        Interpol)": a body named in parentheses defines the description before it."""
        keywords, heads = agency_keywords(), institution_heads()
        taken = {i for span in spans for i in range(span.start, span.end)}
        found: list[Span] = []
        for span in spans:
            if not span.kb_id_ or span.end >= len(doc) or doc[span.end].text != ")":
                continue
            opening = span.start - 1
            if opening > 0 and doc[opening].text != "(" and self._is_country(doc[opening].text):
                opening -= 1  # "(UAE Interpol)"
            if opening < 1 or doc[opening].text != "(" or len(span) > 1 and span.start - 1 == opening and \
                    found_by.get((span.start, span.end), FoundBy("")).how == DEFINED:
                continue
            long_form = self._long_form_before(doc, opening, role_tokens)
            if long_form is None or any(i in taken for i in range(long_form.start, long_form.end)):
                continue
            words = {fold(t.text) for t in long_form}
            if not words & set(keywords) and not words & heads:
                continue
            found.append(Span(doc, long_form.start, long_form.end, label=AGENCY, kb_id=span.kb_id_))
            found_by[(long_form.start, long_form.end)] = FoundBy(DEFINED, (span.kb_id_,))
        return found

    def _names(self, long_form: Span, agency: AgencyEntry) -> bool:
        """Whether a defined long form, or its end ("the Moroccan ..."), is one of the body's names."""
        names = {fold(f) for f in agency.long_forms}
        doc = long_form.doc
        return any(fold(doc[i : long_form.end].text) in names
                   for i in range(long_form.start, min(long_form.end - 1, long_form.start + 3) + 1))

    def _is_country(self, text: str) -> bool:
        return bool(self.gazetteer.country_by_name(text) or self.gazetteer.country_by_demonym(text))

    def _country_in(self, long_form: Span) -> str | None:
        """A country a long form names by its name or its demonym ("Kenya Police Service")."""
        for token in long_form:
            if token.text[:1].isupper():
                code = self.gazetteer.country_by_name(token.text) or self.gazetteer.country_by_demonym(token.text)
                if code:
                    return code
        return None

    def _named_agency(self, long_form: Span) -> AgencyEntry | None:
        """The gazetteer body a defined long form names, allowing leading words ("the US ...")."""
        for i in range(long_form.start, min(long_form.end - 1, long_form.start + 3)):
            found = self.gazetteer.by_alias(doc_text := long_form.doc[i : long_form.end].text)
            if found and len({a.country for a in found}) == 1:
                return found[0]
        return None

    @staticmethod
    def _long_form_before(doc: Doc, paren: int, role_tokens: set[int]) -> Span | None:
        """The name written before "(ACR)": content words back to a verb, a role word or punctuation."""
        i = paren - 1
        while i >= 0 and paren - i <= _MAX_LONG_FORM:
            token = doc[i]
            lower = token.lower_
            if i in role_tokens or token.is_space or "\n" in token.whitespace_:
                break
            if lower in ("and", "et", "y") and not _inside_a_name(doc, i):
                break
            if lower not in ("and", "et", "y") and token.pos_ in _STOP_POS | {"ADP"} and lower not in _CONNECTORS:
                break
            i -= 1
        start = i + 1
        wide = start
        if start < paren and doc[paren - 1].text[:1].isupper():
            # A capitalised name: the run of capitalised words (and connectors inside it) before "(".
            j = paren - 1
            while j - 1 >= start and (doc[j - 1].text[:1].isupper() or doc[j - 1].lower_ in _CONNECTORS):
                j -= 1
            while j < paren and not doc[j].text[:1].isupper():
                j += 1
            # "Officers of the Coastal Brigade": a sentence-initial common noun is not part of the name.
            if doc[j].is_sent_start and doc[j].pos_ != "PROPN" and j + 1 < paren and doc[j + 1].lower_ in _CONNECTORS:
                j += 1
            start = j
        else:
            capitals = [j for j in range(start, paren) if doc[j].text[:1].isupper()]
            if capitals:
                start = capitals[0]
        # French capitalises a name's first word only ("Service de police de l'agglomération de Longueuil
        # (SPAL)"): the capitalised run is then too short to hold a word of the trade, the whole phrase is not.
        keywords = agency_keywords()
        while wide < paren and (doc[wide].lower_ in _CONNECTORS or doc[wide].lower_ in _DETERMINERS):
            wide += 1
        if wide < start and doc[wide].text[:1].isupper() and not any(fold(t.text) in keywords for t in doc[start:paren]) \
                and any(fold(t.text) in keywords for t in doc[wide:paren]):
            start = wide
        while start < paren and (doc[start].lower_ in _CONNECTORS or doc[start].lower_ in _DETERMINERS):
            start += 1
        end = paren
        while end > start and doc[end - 1].lower_ in _CONNECTORS:
            end -= 1
        if end <= start:
            return None
        return doc[start:end]

    def _repeat_learned(self, doc: Doc, learned: dict[str, str], defined: dict[str, str]) -> list[Span]:
        """Later uses of a long form or of an acronym that the text itself defined."""
        spans: list[Span] = []
        if defined:
            for token in doc:
                agency_id = defined.get(token.text)
                if agency_id is not None:
                    spans.append(Span(doc, token.i, token.i + 1, label=AGENCY, kb_id=agency_id))
        if learned:
            folded = fold_same_length(doc.text)
            bare = strip_accents_same_length(doc.text)
            for form, agency_id in learned.items():
                # A capitalised name is matched with its capitals, so "external security" in
                # running text is not "External Security (DGSE)".
                haystack = bare if form != form.lower() else folded
                at = haystack.find(form)
                while at != -1:
                    span = doc.char_span(at, at + len(form), label=AGENCY, kb_id=agency_id, alignment_mode="strict")
                    if span is not None:
                        spans.append(span)
                    at = haystack.find(form, at + 1)
        return spans



def _inside_a_name(doc: Doc, i: int) -> bool:
    """An "and" within a body's name ("Département fédéral de justice et police"): a capitalised
    institution noun opens the words before it, with only lowercase words and connectors between."""
    heads = institution_heads()
    for j in range(i - 1, max(-1, i - 6), -1):
        token = doc[j]
        if token.text[:1].isupper():
            return fold(token.text) in heads
        if not (token.is_lower and token.is_alpha or token.lower_ in _CONNECTORS):
            return False
    return False


def _plural_after(gazetteer: Gazetteer, doc: Doc, end: int) -> bool:
    """"police forces", "police officers", "customs agents": people or a plural follows, not a body
    ("le bureau du procureur général libyens" is a body: the plural there is its country's)."""
    if end >= len(doc) or not doc[end].is_lower:
        return False
    token = doc[end]
    if token.lower_ in _MEMBERS:
        return True  # "a senior Brazilian police official" is a person, not a mention of the body
    if token.pos_ == "ADJ" or gazetteer.country_by_demonym(token.text):
        return False
    return token.tag_ in ("NNS", "NNPS") or token.pos_ == "NOUN" and "Plur" in token.morph.get("Number")


# Nouns for the people of a body, after which a generic phrase describes them ("police official").
_MEMBERS = {"official", "officials", "officer", "officers", "agent", "agents", "fonctionnaire", "fonctionnaires",
            "policier", "policiers"}


def _named_after(doc: Doc, end: int) -> int:
    """Where a name that goes on past a generic phrase ends: "Police Command", "Police Service Board"."""
    heads = institution_heads()
    k = end
    while k < len(doc) and k - end < 3 and doc[k].text[:1].isupper() and fold(doc[k].text) in heads:
        k += 1
    return k


def _shared_roles(found: tuple[AgencyEntry, ...]) -> tuple[str, ...]:
    """The kinds of body that the bodies sharing a name have in common, most shared first."""
    counts = Counter(g for a in found for g in dict.fromkeys(a.generic))
    return tuple(g for g, n in counts.most_common() if n * 2 >= len(found))


# Kinds of body named after the town or region they serve ("Mirabel Police Service", "Parquet de Mons-
# Tournai", "Randburg Regional Court"); a court without its place is no body at all.
_SEATED = {"national_police", "public_prosecutor", "court"}


def _local_force(gazetteer: Gazetteer, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """"Brandenburg state police", "Mirabel Police Service", "police de Longueuil", "police municipale de
    Nice": a police phrase with the city, state or province it serves; a country there is no place of this kind."""
    if start >= 1:
        j = start
        while j >= 1 and start - j < 3 and _place_word(gazetteer, doc[j - 1]):
            j -= 1
        if j < start:
            return j, end
    # "police tribale mohawk de Saint-Régis": adjectives of the force may come before its place.
    after = end
    while after < len(doc) and after - end < 2 and doc[after].is_lower and doc[after].pos_ == "ADJ" \
            and not gazetteer.country_by_demonym(doc[after].text):
        after += 1
    if after + 1 < len(doc) and doc[after].lower_ in ("de", "du", "d'", "d’", "of") and _place_word(gazetteer, doc[after + 1]):
        end = after
        k = end + 1
        while k < len(doc) and k - end <= 3 and (_place_word(gazetteer, doc[k]) or doc[k].text == "-"):
            k += 1
        # "Service de police de Cornwall", "Corps de police de ...": the body's head word goes with it.
        if start >= 2 and doc[start - 1].lower_ == "de" and doc[start - 2].lower_ in _FRENCH_FORCE_HEADS:
            start -= 2
        return start, k
    return None


def _office_of_title(doc: Doc, start: int, end: int, role_tokens: set[int]) -> bool:
    """"Attorney General's Office", "Prosecutor General's Office": a title, its possessive, then the body."""
    k = start
    while k < end and k in role_tokens:
        k += 1
    return start < k < end - 1 and doc[k].text in ("'s", "’s", "'", "’")


_FRENCH_FORCE_HEADS = {"service", "corps", "régie", "regie", "direction"}


def _place_word(gazetteer: Gazetteer, token) -> bool:
    """A capitalised proper noun that is not a country, a demonym, a word of the trade ("International
    Criminal Police") or a body's name ("police d'Interpol"): "Brandenburg", "Longueuil"."""
    text = token.text
    known = gazetteer.city(text) is not None or gazetteer.region(text) is not None
    alpha = token.is_alpha or all(part.isalpha() and part[:1].isupper() for part in text.split("-"))  # "Mons-Tournai"
    return (text[:1].isupper() and alpha and not token.is_upper and (token.pos_ == "PROPN" or known)
            and not gazetteer.country_by_name(text) and not gazetteer.country_by_demonym(text)
            and not is_calendar_word(text) and fold(text) not in gazetteer.vocabulary.common_words
            and not gazetteer.by_acronym(text) and not gazetteer.by_alias(text)
            and fold(text) not in _POST_WORDS and fold(text) not in rank_lexicon())


# Words of a post before "Police ..." ("Deputy Police Director", "Chief Police Inspector"): no town.
_POST_WORDS = {"deputy", "assistant", "acting", "chief", "senior", "former", "interim", "outgoing", "incoming",
               "adjoint", "adjointe", "principal", "head", "vice"}


_AND = {"and", "et", "or", "ou", "y"}
_JOINERS = {"the", "its", "their", "le", "la", "les", "l'", "l’", "du", "de", "des", "d'", "d’", "el", "del"}


def _next_conjunct(doc: Doc, end: int) -> int:
    """Where the phrase coordinated after token `end` starts ("... et du renseignement", ", des gardes-côtes"), or -1."""
    if end >= len(doc) or doc[end].lower_ not in _AND and doc[end].text != ",":
        return -1
    i = end + 1
    while i < len(doc) and i - end <= 3 and doc[i].lower_ in _JOINERS:
        i += 1
    return i


def country_around(gazetteer: Gazetteer, doc: Doc, start: int, end: int) -> tuple[str | None, int, int]:
    """A country named by an adjective, a possessive or a complement next to a generic form."""
    g = gazetteer
    if start >= 1:
        before = doc[start - 1]
        if before.text[:1].isupper():
            code = g.country_by_demonym(before.text) or _abbreviated_country(g, before.text)
            if code:
                return code, start - 1, end
        if before.text in _POSSESSIVE:
            for size in (1, 2, 3):
                if start - 1 - size < 0:
                    break
                code = g.country_by_name(doc[start - 1 - size : start - 1].text)
                if code:
                    return code, start - 1 - size, end
    if end < len(doc):
        after = doc[end]
        code = g.country_by_demonym(after.text)
        if code and not after.text[:1].isupper():
            return code, start, end + 1
        if after.lower_ in _OF or after.lower_.startswith(("d'", "d’")):
            first = end + 1
            if after.lower_ not in _OF and len(after.text) > 2:
                code = g.country_by_name(after.text[2:])
                if code:
                    return code, start, end + 1
            if first < len(doc) and doc[first].lower_ in ("the", "la", "le", "l'"):
                first += 1
            for size in (1, 2, 3):
                if first + size > len(doc):
                    break
                code = g.country_by_name(doc[first : first + size].text)
                if code:
                    return code, start, first + size
    return None, start, end


# Words between a country cue and a title ("Spain's new interior minister", "the former French ...").
_TITLE_ADJECTIVES = {"new", "former", "acting", "outgoing", "incoming", "interim", "then", "current", "nouveau",
                     "nouvelle", "ancien", "ancienne", "actuel", "actuelle"}
_LIST_JOINERS = {"and", "et", ",", "y"}


def countries_attached(gazetteer: Gazetteer, doc: Doc, start: int, end: int) -> list[str]:
    """Countries written onto a title or a noun in tokens [start, end), in text order: an adjective inside
    ("le ministre espagnol de l'Intérieur", "les ministres français et marocain de la Justice"), adjectives
    or a possessive before ("the French and Moroccan justice ministers", "Spain's interior minister"), an
    adjective or a complement after ("son homologue marocain", "Interior Minister of Spain")."""
    g = gazetteer
    inside = [code for t in doc[start:end] if t.is_lower and (code := g.country_by_demonym(t.text))]
    if inside:
        return list(dict.fromkeys(inside))
    for i in range(start + 1, end):  # "the interior ministers of Spain and Morocco"
        if doc[i].lower_ in ("of", "de", "du", "d'", "d’") and (named := _country_list(g, doc, i + 1)):
            return named
    i = start - 1
    while i >= 0 and doc[i].lower_ in _TITLE_ADJECTIVES:
        i -= 1
    if i >= 0 and doc[i].text in _POSSESSIVE:
        for size in (1, 2, 3):
            if i - size < 0:
                break
            code = g.country_by_name(doc[i - size : i].text)
            if code:
                return [code]
    before: list[str] = []
    while i >= 0:
        token = doc[i]
        code = (g.country_by_demonym(token.text) or _abbreviated_country(g, token.text)) if token.text[:1].isupper() else None
        if code:
            before.insert(0, code)
        elif not (before and token.lower_ in _LIST_JOINERS):
            break
        i -= 1
    if before:
        return list(dict.fromkeys(before))
    if end < len(doc):
        after = doc[end]
        listed: list[str] = []
        for token in doc[end : min(len(doc), end + 5)]:
            code = g.country_by_demonym(token.text) if token.is_lower else None
            if code:
                listed.append(code)
            elif not (listed and token.lower_ in ("et", "and")):
                break
        if listed:  # "son homologue marocain", "les ministres de la Justice français et marocain"
            return list(dict.fromkeys(listed))
        if after.lower_ in ("of", "de", "du", "d'", "d’"):
            return _country_list(g, doc, end + 1)
    return []


def _abbreviated_country(gazetteer: Gazetteer, text: str) -> str | None:
    """"U.S.", "US", "UK", "UAE" used as an adjective ("U.S. Attorney General", "the UK Home Office")."""
    letters = text.replace(".", "")
    return gazetteer.country_by_name(text) if letters.isalpha() and letters.isupper() and len(letters) <= 4 else None


def _country_list(gazetteer: Gazetteer, doc: Doc, i: int) -> list[str]:
    """"Spain and Morocco", "la France et le Maroc" starting at token i."""
    found: list[str] = []
    while i < len(doc):
        if doc[i].lower_ in ("the", "la", "le", "l'", "l’"):
            i += 1
            continue
        for size in (3, 2, 1):
            code = gazetteer.country_by_name(doc[i : i + size].text) if i + size <= len(doc) else None
            if code:
                found.append(code)
                i += size
                break
        else:
            break
        if i < len(doc) and doc[i].lower_ in _LIST_JOINERS:
            i += 1
        else:
            break
    return list(dict.fromkeys(found))


# -- after the pipeline: ids that need the whole document ---------------------------------
def resolve_agency_id(
    gazetteer: Gazetteer, span_text: str, kb_id: str, context_countries: Counter[str]
) -> AgencyEntry | None:
    """The gazetteer entry for a span, choosing between bodies that share an acronym or a name
    by the countries the document talks about (ties keep the gazetteer's preferred body)."""
    candidates = gazetteer.by_acronym(span_text) or gazetteer.by_alias(span_text)
    if len(candidates) > 1 and any(a.id == kb_id for a in candidates):
        ranked = sorted(candidates, key=lambda a: (-context_countries.get(a.country or "", 0), a.id != span_text))
        return ranked[0]
    return gazetteer.agency(kb_id)


def context_country(counts: Counter[str]) -> str | None:
    """The document's own country: the most mentioned one, if it leads alone."""
    common = counts.most_common(2)
    if not common or (len(common) == 2 and common[0][1] == common[1][1]):
        return None
    return common[0][0]


def agency_countries(gazetteer: Gazetteer, ids: Iterable[str]) -> Counter[str]:
    return Counter(a.country for i in ids if (a := gazetteer.agency(i)) and a.country and a.country != "INT")
