import subprocess
import sys
from pathlib import Path

import pytest

from lib.colors import (
    COUNTRY_PALETTE, EVENT_TYPE_COLORS, NONE_COLOR, PALETTE, agency_color, color_map, country_color, country_colors,
    event_type_color, label_color, stable_color,
)


def test_stable_color_is_the_same_in_another_process():
    here = [stable_color(v) for v in ("DGSI", "Europol", "Guardia Civil")]
    code = "from lib.colors import stable_color; print(','.join(stable_color(v) for v in ('DGSI','Europol','Guardia Civil')))"
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "123"},
                           cwd=Path(__file__).resolve().parent.parent).stdout.strip().split(",")
    assert here == there
    assert all(c in PALETTE for c in here)


def test_event_types_have_fixed_distinct_colours():
    assert event_type_color("arrest") == EVENT_TYPE_COLORS["arrest"]
    assert len(set(EVENT_TYPE_COLORS.values())) == len(EVENT_TYPE_COLORS)
    assert event_type_color("some_new_type") in PALETTE  # unknown types still get a palette colour


def test_missing_values_are_grey():
    for missing in (None, "", "(none)", float("nan")):
        assert agency_color(missing) == NONE_COLOR
        assert country_color(missing) == NONE_COLOR
        assert event_type_color(missing) == NONE_COLOR


def test_common_countries_do_not_share_a_colour():
    common = ["FR", "MA", "ES", "US", "GB", "DE", "NL", "BE", "IT", "INT"]
    assert len({country_color(c) for c in common}) == len(common)
    assert country_color("fr") == country_color("FR")


def test_color_map_matches_single_lookups():
    mapping = color_map(["FR", "MA", "ZZ"], "country")
    assert mapping == {"FR": country_color("FR"), "MA": country_color("MA"), "ZZ": country_color("ZZ")}
    assert color_map(["meeting"], "event_type") == {"meeting": EVENT_TYPE_COLORS["meeting"]}
    with pytest.raises(ValueError):
        color_map(["x"], "planet")


def test_label_colours_fall_back_for_unknown_labels():
    assert label_color("AGENCY") != label_color("PERSON")
    assert label_color("WORK_OF_ART") == label_color("NORP")


def test_countries_in_view_never_share_a_colour_while_the_palette_lasts():
    import pycountry

    codes = ["INT", "FR", "PL", "IT", *(c.alpha_2 for c in pycountry.countries)]
    colors = country_colors(codes)
    first = [colors[c] for c in list(colors)[:len(COUNTRY_PALETTE)]]
    assert len(COUNTRY_PALETTE) >= 40 and len(set(first)) == len(first)
    assert colors["PL"] != colors["IT"]
    assert country_colors(["fr", None, "(none)", "IT"]) == {"FR": COUNTRY_PALETTE[0], "IT": COUNTRY_PALETTE[1]}
