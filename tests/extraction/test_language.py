"""Language detection: ISO 639-1 codes, "und" when there is nothing to decide on."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.extraction.language import detect_language


@pytest.mark.parametrize(
    "text, code",
    [
        ("The national police chief met his counterparts to discuss cooperation against organised crime.", "en"),
        ("Le directeur général de la police nationale a rencontré ses homologues pour parler de coopération.", "fr"),
        ("El director general de la policía se reunió con sus homólogos para hablar de cooperación.", "es"),
        ("التقى المدير العام للأمن الوطني بنظرائه لبحث سبل تعزيز التعاون الأمني", "ar"),
        ("Der Polizeipräsident traf seine Amtskollegen, um über die Zusammenarbeit zu sprechen.", "de"),
    ],
)
def test_detects_the_language_of_a_sentence(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "   \n\t", "12345 678", "!!! ??? ...", "ok"])
def test_empty_or_letterless_text_is_undetermined(text):
    assert detect_language(text) == "und"


def test_non_strings_are_undetermined():
    assert detect_language(None) == "und"  # type: ignore[arg-type]


def test_same_text_same_answer():
    text = "Police cooperation between the two countries was discussed at length."
    assert len({detect_language(text) for _ in range(5)}) == 1


def test_only_the_beginning_of_a_long_text_is_read():
    text = "The police chiefs met in Paris to discuss cooperation. " * 200 + "Les policiers se sont réunis. " * 2000
    assert detect_language(text) == "en"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_returns_a_short_code(text):
    code = detect_language(text)
    assert code == "und" or (2 <= len(code) <= 3 and code.isalpha() and code.islower())


@pytest.mark.parametrize(
    "text, code",
    [
        ("Officers from both services searched the warehouse and seized the records of the company.", "en"),
        ("Les enquêteurs ont perquisitionné l'entrepôt et saisi les registres de la société dans la nuit.", "fr"),
        ("Los agentes registraron el almacén y se llevaron los documentos de la empresa por la noche.", "es"),
        ("Gli agenti hanno perquisito il magazzino e sequestrato i documenti della società nella notte.", "it"),
        ("Os agentes revistaram o armazém e apreenderam os documentos da empresa durante a noite.", "pt"),
        ("De agenten hebben het pakhuis doorzocht en de documenten van het bedrijf in beslag genomen.", "nl"),
        ("Die Beamten durchsuchten das Lager und beschlagnahmten die Unterlagen der Firma in der Nacht.", "de"),
    ],
)
def test_function_word_profile_tells_the_languages_apart(text, code):
    from lib.extraction.language import _by_profile

    assert _by_profile(text) in (code, None)  # None hands over to langdetect, a wrong code never
    assert detect_language(text) == code


def test_profile_decides_ordinary_articles_without_langdetect(monkeypatch):
    import lib.extraction.language as language

    def fail(_text):
        raise AssertionError("langdetect should not run")

    monkeypatch.setattr(language, "detect_langs", fail)
    assert detect_language("The minister said that the agreement was signed by both of the services.") == "en"
    assert detect_language("Le ministre a indiqué que l'accord a été signé par les deux services.") == "fr"
    assert detect_language("وقع المسؤولون اتفاقا للتعاون الأمني بين البلدين") == "ar"


def test_an_ambiguous_snippet_falls_back_to_langdetect(monkeypatch):
    import lib.extraction.language as language

    called = []
    real = language.detect_langs

    def spy(text):
        called.append(text)
        return real(text)

    monkeypatch.setattr(language, "detect_langs", spy)
    detect_language("Europol Eurojust Interpol")
    assert called
