"""Hard-wrapped lines read as running text, at the same offsets as the stored text."""
from __future__ import annotations

import pytest

from lib.extraction.extract import extract_document
from lib.extraction.layout import unwrap_lines
from lib.records import Document

_WRAPPED_COLUMN = (
    "Police chiefs from six Pacific countries met in Suva on Tuesday to agree on a\n"
    "shared register of firearms seized at sea, the host force said. The delegates\n"
    "came from Tonga, Samoa and Vanuatu, and the meeting was chaired by the head of\n"
    "the Fiji Police Force, who called it the first of its kind in the region."
)


@pytest.mark.parametrize("text, expected", [
    ("un communiqué de la\nDirection générale", "un communiqué de la Direction générale"),
    ("met the head of the\nFederal Police", "met the head of the Federal Police"),
    ("auprès de l'\nOffice central", "auprès de l' Office central"),
    ("arrested eleven\nsailors on Sunday", "arrested eleven sailors on Sunday"),
])
def test_a_line_that_cannot_end_a_sentence_goes_on_below(text, expected):
    assert unwrap_lines(text) == expected


@pytest.mark.parametrize("text", [
    "THE MORNING POST\n12 March 2024\nAt 09:27\nPolice said on Monday that two men were held.",
    "Joint patrols begin\n\nde la\n\nthe",  # blank lines are paragraphs, never wraps
    "Annex A\nThe second part lists the signatories.",
    "A headline about the border\nThe first paragraph of the story opens here and runs long enough.",
])
def test_headings_paragraphs_and_sentences_keep_their_lines(text):
    assert unwrap_lines(text) == text


def test_a_block_wrapped_at_a_fixed_width_is_one_paragraph_even_before_a_capital():
    assert unwrap_lines(_WRAPPED_COLUMN) == _WRAPPED_COLUMN.replace("\n", " ")


def test_fields_and_list_items_in_a_wrapped_block_keep_their_lines():
    text = (
        "Police chiefs from six Pacific countries meet in Suva this week on firearms\n"
        "Date: 2024-03-12, the second day of the regional security conference in Fiji\n"
        "- a shared register of firearms seized at sea by any of the member forces there\n"
        "2. joint patrols between the Tongan and Samoan forces along the shipping lanes"
    )
    assert unwrap_lines(text) == text


def test_lines_longer_than_a_wrapping_width_are_paragraphs():
    paragraph = "The operation, which ran for eight months, led to the seizure of " + "several tonnes " * 6 + "."
    text = f"{paragraph}\n{paragraph}\n{paragraph}"
    assert unwrap_lines(text) == text


def test_the_text_keeps_its_length():
    for text in (_WRAPPED_COLUMN, "de la\nDGSN\n\nle\nchef", "x\n" * 40):
        assert len(unwrap_lines(text)) == len(text)


def test_a_body_named_across_a_line_break_is_found_at_its_place_in_the_stored_text():
    text = ("Saisie en mer au large de Tanger\n\nSelon un communiqué de la Direction générale de la\n"
            "sûreté nationale, les enquêteurs ont interpellé onze marins dimanche.")
    extraction = extract_document(Document(text=text, filename="t.txt"))
    agency = next(a for a in extraction.agencies if a.id == "DGSN")
    mention = agency.mentions[0]
    assert text[mention.start:mention.end] == "Direction générale de la\nsûreté nationale"


def test_people_in_a_wrapped_list_of_delegates_keep_their_bodies():
    text = (
        "Heads of delegation at the meeting in Kuala Lumpur were Inspector-General\n"
        "Aziz Rahim of the Royal Malaysia Police, Commissioner Tan Wei Ming of the Singapore\n"
        "Police Force and Police General Rodel Bautista of the Philippine National Police."
    )
    extraction = extract_document(Document(text=text, filename="t.txt"))
    links = {p.name: p.agency for p in extraction.persons}
    assert links == {"Aziz Rahim": "PDRM", "Tan Wei Ming": "SPF", "Rodel Bautista": "PNP"}
