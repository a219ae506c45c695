"""Forms through which the analyst corrects the extraction; each change is logged and can be undone
on the History page. After a change every cached frame is forgotten, so all pages show it at once.
"""
from __future__ import annotations

import streamlit as st

from lib import correct
from lib.corrections import AGENCY_KINDS, ENTITY_KINDS, Correction, CorrectionError
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
    st.session_state["correction_done"] = md_escape(
        f"Correction {number} made: {correction.describe()}. Undo it on History.")
    st.rerun()


def show_last_change() -> None:
    """The confirmation of the change made on the previous run, once."""
    message = st.session_state.pop("correction_done", None)
    if message:
        st.success(message)


def entity_corrections(store: Store, kind: str, choices: list[str], *, selected: str | None, key: str) -> None:
    """An expander to merge, rename, retype, delete or (agencies) re-country one entity of `kind`."""
    noun = KIND_NAMES[kind]
    with st.expander(f"Correct a{'n' if noun[0] in 'aeiou' else ''} {noun}", expanded=selected is not None):
        index = choices.index(selected) if selected in choices else 0
        target = st.selectbox(noun.capitalize(), choices, index=index, key=f"{key}-target")
        actions = [a for a in ACTIONS if a != "set_agency" or kind == "AGENCY"]
        action = st.radio("Change", actions, format_func=ACTIONS.get, horizontal=True, key=f"{key}-action")
        with st.form(f"{key}-form", border=False):
            value: dict[str, object] = {}
            if action == "merge":
                others = [c for c in choices if c != target]
                value["into"] = st.selectbox(md_escape(f"Merge {target} into"), others, key=f"{key}-into")
            elif action == "rename":
                value["name"] = st.text_input("New name", key=f"{key}-name")
            elif action == "relabel":
                value["to"] = st.selectbox("New type", [k for k in ENTITY_KINDS if k != kind],
                                           format_func=lambda k: KIND_NAMES[k], key=f"{key}-to")
                value["country"] = st.text_input("Country (ISO code), for an agency or place", key=f"{key}-country",
                                                 max_chars=3) or None
            elif action == "set_agency":
                value["country"] = st.text_input("Country (ISO code, INT for international)", key=f"{key}-ctry",
                                                 max_chars=3).strip().upper() or None
                value["agency_kind"] = st.selectbox("Kind", ["", *AGENCY_KINDS], key=f"{key}-akind") or None
            note = st.text_input("Why (optional, kept in the history)", key=f"{key}-note")
            if st.form_submit_button("Apply", type="primary"):
                op = "relabel" if action == "not_entity" else action
                if action == "not_entity":
                    value = {"to": ""}
                value = {k: v for k, v in value.items() if v is not None or k == "to"}
                _apply(store, Correction(op, kind, str(target), value, note=note.strip() or None))


def add_agency_form(store: Store, *, key: str) -> None:
    """Teach Entente an agency its gazetteer lacks; stored articles that name it are re-read."""
    with st.expander("Add an agency to your gazetteer"):
        with st.form(f"{key}-form", border=False):
            agency_id = st.text_input("Id (its usual acronym, or its name)", key=f"{key}-id")
            name = st.text_input("Full name", key=f"{key}-name")
            left, right = st.columns(2)
            country = left.text_input("Country (ISO code, INT for international)", max_chars=3, key=f"{key}-c")
            kind = right.selectbox("Kind", AGENCY_KINDS, key=f"{key}-k")
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
    with st.expander("Delete a wrong mention in this article"):
        labels = {i: f"“{r.text}” as {KIND_NAMES.get(r.label, r.label)} {r.entity} (characters {r.start}-{r.end})"
                  for i, r in resolved.iterrows()}
        with st.form(f"{key}-form", border=False):
            choice = st.selectbox("Mention", list(labels), format_func=labels.get, key=f"{key}-which")
            note = st.text_input("Why (optional)", key=f"{key}-note")
            if st.form_submit_button("Delete this mention"):
                row = resolved.iloc[int(choice)]
                _apply(store, Correction("delete_mention", str(row.label), str(row.entity),
                                         {"article": content_hash, "start": int(row.start), "end": int(row.end)},
                                         note=note.strip() or None))
