"""Forms through which the analyst corrects the extraction; each change is logged and can be undone
on the History page. After a change every cached frame is forgotten, so all pages show it at once.
"""
from __future__ import annotations

import streamlit as st

from lib import correct
from lib.corrections import AGENCY_KINDS, ENTITY_KINDS, Correction, CorrectionError
from lib.labels import agency_kind_label
from lib.store import Store
from lib.ui.state import data_changed
from lib.ui.text import md_escape

KIND_NAMES = {"AGENCY": "agency", "PERSON": "person", "COUNTRY": "country", "LOCATION": "place"}
ACTIONS = {
    "merge": "Merge into another",
    "rename": "Rename",
    "relabel": "Change its type",
    "not_entity": "Not an entity (delete everywhere)",
    "set_agency": "Set country and kind",
}


_MADE = "_corrections_made"


def fresh_key(key: str) -> str:
    """A widget key that changes with every correction made: the widgets keyed by it start anew, so
    no form keeps the last correction's values and no table keeps a row selection that may now point
    at another entity."""
    made = st.session_state.get(_MADE, 0)
    return f"{key}-{made}" if made else key


def _apply(store: Store, correction: Correction) -> None:
    try:
        if correction.op == "add_agency":
            number = correct.add_agency(store, correction)
        else:
            number = store.add_correction(correction)
    except CorrectionError as error:
        st.error(f"Not changed: {md_escape(error)}")
        return
    data_changed()
    st.session_state[_MADE] = st.session_state.get(_MADE, 0) + 1
    st.session_state["correction_done"] = (
        f"Correction {number} made: {md_escape(correction.describe())}. Undo it on History.")
    st.rerun()


def show_last_change() -> None:
    """The confirmation of the change made on the previous run, once."""
    message = st.session_state.pop("correction_done", None)
    if message:
        st.success(message)


def what_apply_does(correction: Correction) -> str:
    """The correction in the analyst's words, as the form states it before Apply."""
    noun, target, value = KIND_NAMES.get(correction.kind, "entity"), correction.target, correction.value
    the = f"the {noun} “{target}”"
    if correction.op == "merge":
        into = value["into"]
        return f"merge {the} into “{into}”: its mentions in every article become mentions of “{into}”"
    if correction.op == "rename":
        return f"rename {the} to “{value['name']}” in every article"
    if correction.op == "relabel" and not value.get("to"):
        return f"delete {the} everywhere: its mentions are no longer an entity"
    if correction.op == "relabel":
        country = f", of country {value['country']}" if value.get("country") else ""
        return f"make {the} a {KIND_NAMES[value['to']]}{country} in every article"
    if correction.op == "set_agency":
        parts = [f"its country to {value['country']}"] if value.get("country") else []
        parts += [f"its kind to {agency_kind_label(value['agency_kind'])}"] if value.get("agency_kind") else []
        return f"set {' and '.join(parts)} for {the}"
    return correction.describe()


def _change(kind: str, target: str, action: str, choices: list[str],
            base: str) -> tuple[dict[str, object] | None, str | None]:
    """The fields of `action` for `target` (merged into one of `choices`), drawn under `base` keys: the
    correction's value, or None and what is missing."""
    noun = KIND_NAMES[kind]
    if action == "merge":
        into = st.selectbox(md_escape(f"Merge “{target}” into"), [c for c in choices if c != target], index=None,
                            placeholder=f"Choose the {noun} it is", key=f"{base}-into")
        return ({"into": into}, None) if into else (None, f"choose the {noun} to merge it into")
    if action == "rename":
        name = st.text_input("New name", key=f"{base}-name").strip()
        return ({"name": name}, None) if name else (None, "type the new name")
    if action == "relabel":
        to = st.selectbox("New type", [k for k in ENTITY_KINDS if k != kind], index=None, placeholder="Choose a type",
                          format_func=lambda k: KIND_NAMES[k], key=f"{base}-to")
        country = st.text_input("Country (ISO code), for an agency or place", key=f"{base}-country",
                                max_chars=3).strip().upper()
        return ({"to": to, **({"country": country} if country else {})}, None) if to else (None, "choose the new type")
    if action == "set_agency":
        country = st.text_input("Country (ISO code, INT for international)", key=f"{base}-ctry",
                                max_chars=3).strip().upper()
        agency_kind = st.selectbox("Kind", AGENCY_KINDS, index=None, placeholder="Keep its kind",
                                   format_func=agency_kind_label, key=f"{base}-akind")
        value = {k: v for k, v in (("country", country), ("agency_kind", agency_kind)) if v}
        return (value, None) if value else (None, "give a country or a kind")
    return {"to": ""}, None  # not an entity


def entity_corrections(store: Store, kind: str, choices: list[str], *, selected: str | None, key: str) -> None:
    """An expander to merge, rename, retype, delete or (agencies) re-country one entity of `kind`:
    the `selected` one (the table row picked above it) or, without one, the one the analyst chooses.
    The form says what Apply will do, and starts anew after each correction (`fresh_key`)."""
    noun = KIND_NAMES[kind]
    scope = fresh_key(key)
    with st.expander(f"Correct a{'n' if noun[0] in 'aeiou' else ''} {noun}", expanded=selected is not None):
        if selected is not None:
            target: str | None = selected
            st.markdown(f"{noun.capitalize()}: {md_escape(selected)} (the row selected above)")
        else:
            target = st.selectbox(noun.capitalize(), choices, index=None, key=f"{scope}-target",
                                  placeholder="Choose one, or select its row above")
        if target is None:
            return
        base = f"{scope}-{target}"  # fields of their own for each entity: never another's values
        actions = [a for a in ACTIONS if a != "set_agency" or kind == "AGENCY"]
        action = st.radio("Change", actions, format_func=ACTIONS.get, horizontal=True, key=f"{base}-action")
        value, missing = _change(kind, target, action, choices, base)
        note = st.text_input("Why (optional, kept in the history)", key=f"{base}-note").strip()
        correction = None
        if value is not None:
            op = "relabel" if action == "not_entity" else action
            correction = Correction(op, kind, target, value, note=note or None)
            st.markdown(f"Apply will {md_escape(what_apply_does(correction))}. You can undo it on History.")
        else:
            st.caption(f"To apply: {md_escape(missing)}.")
        if st.button("Apply", type="primary", key=f"{base}-apply"):
            if correction is None:
                st.warning(f"Nothing changed: {md_escape(missing)} first.")
            else:
                _apply(store, correction)


def add_agency_form(store: Store, *, key: str) -> None:
    """Teach Entente an agency its gazetteer lacks; stored articles that name it are re-read."""
    key = fresh_key(key)
    with st.expander("Add an agency to your gazetteer"):
        with st.form(f"{key}-form", border=False):
            agency_id = st.text_input("Id (its usual acronym, or its name)", key=f"{key}-id")
            name = st.text_input("Full name", key=f"{key}-name")
            left, right = st.columns(2)
            country = left.text_input("Country (ISO code, INT for international)", max_chars=3, key=f"{key}-c")
            kind = right.selectbox("Kind", AGENCY_KINDS, format_func=agency_kind_label, key=f"{key}-k")
            aliases = st.text_area("Other names and acronyms, one a line", key=f"{key}-aliases")
            note = st.text_input("Why (optional)", key=f"{key}-note")
            if st.form_submit_button("Add agency", type="primary"):
                names = [a.strip() for a in aliases.splitlines() if a.strip()]
                value = {"name": name.strip() or agency_id.strip(), "country": country.strip().upper() or None,
                         "agency_kind": kind, "aliases": list(dict.fromkeys([*names, agency_id.strip()]))}
                _apply(store, Correction("add_agency", "AGENCY", agency_id.strip(), value,
                                         note=note.strip() or None))


def mention_deletion(store: Store, article_id: int, content_hash: str, mentions, *, key: str) -> None:  # type: ignore[no-untyped-def]
    """Delete one wrong mention in this article only."""
    resolved = mentions[mentions["entity"].notna()].reset_index(drop=True)
    if resolved.empty:
        return
    key = fresh_key(key)  # after a deletion the list shifts: the choice starts anew, never on a neighbour
    with st.expander("Delete a wrong mention in this article"):
        labels = {i: f"“{r.text}” as {KIND_NAMES.get(r.label, r.label)} {r.entity} (characters {r.start}-{r.end})"
                  for i, r in resolved.iterrows()}
        with st.form(f"{key}-form", border=False):
            choice = st.selectbox("Mention", list(labels), format_func=labels.get, key=f"{key}-which", index=None,
                                  placeholder="Choose the wrong mention")
            note = st.text_input("Why (optional)", key=f"{key}-note")
            if st.form_submit_button("Delete this mention"):
                if choice is None:
                    st.warning("Nothing deleted: choose the wrong mention first.")
                    return
                row = resolved.iloc[int(choice)]
                _apply(store, Correction("delete_mention", str(row.label), str(row.entity),
                                         {"article": content_hash, "start": int(row.start), "end": int(row.end)},
                                         note=note.strip() or None))


def story_corrections(store: Store, *, key: str) -> None:
    """Split a report out of its story, or merge stories, by the ids the events table shows."""
    from lib.store import report_of

    key = fresh_key(key)
    with st.expander("Correct the grouping into stories (one happening reported by several articles)"):
        st.caption("The events table's story_id says which story each report belongs to. A report wrongly "
                   "grouped can be split into a story of its own; two stories of one happening can be merged. "
                   "Both are corrections like the others: logged, undone on History, shared with the log.")
        with st.form(f"{key}-split", border=False):
            event = st.number_input("Event id (event_id in the table) to split from its story", min_value=1,
                                    step=1, value=None, key=f"{key}-event")
            if st.form_submit_button("Split it into a story of its own"):
                if event is None:
                    st.warning("Nothing changed: give the event id first.")
                else:
                    _story_correction(store, "split_story", lambda: [report_of(store, event_id=int(event))])
        with st.form(f"{key}-merge", border=False):
            listed = st.text_input("Story ids (story_id in the table) to merge, separated by commas",
                                   key=f"{key}-stories")
            if st.form_submit_button("Merge these stories"):
                numbers = [int(n) for n in listed.replace(" ", ",").split(",") if n.strip().isdigit()]
                if len(set(numbers)) < 2:
                    st.warning("Nothing changed: give two story ids or more.")
                else:
                    _story_correction(store, "merge_stories",
                                      lambda: [report_of(store, story_id=n) for n in dict.fromkeys(numbers)])

def _story_correction(store: Store, op: str, reports) -> None:  # type: ignore[no-untyped-def]
    from lib.store import story_label

    try:
        found = reports()
    except CorrectionError as error:
        st.error(f"Not changed: {md_escape(error)}")
        return
    _apply(store, Correction(op, "STORY", story_label(store, found[0]), {"reports": found}))
