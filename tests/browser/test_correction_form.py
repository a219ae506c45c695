"""In a real browser, on the sample corpus: the correction form acts on the selected row, says what
Apply will do, and starts empty after a correction, so one more click cannot make a second one."""
from lib.analytics import Filters
from lib.analytics.entities import entity_table
from lib.store import Store
from tests.browser.conftest import wait_idle
from tests.browser.test_analyst_journey import open_page

ROW_HEIGHT = 35  # pixels of a row of Streamlit's table, its header row included


def _select_row(page, table, index: int) -> None:  # type: ignore[no-untyped-def]
    """Tick a row's box in the table's selection column, as a user does."""
    box = table.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + ROW_HEIGHT * (index + 1) + ROW_HEIGHT / 2)
    wait_idle(page)


def test_the_form_follows_the_selected_row_and_starts_empty_after_a_merge(seeded_page, seeded_server):
    page = seeded_page
    store = Store(seeded_server.db_url)
    agencies = list(entity_table(store, Filters(), "AGENCY")["id"])
    page.goto(seeded_server.url)
    wait_idle(page)
    open_page(page, "Entities")
    table = page.locator("[data-testid='stDataFrame']").first
    table.scroll_into_view_if_needed()

    _select_row(page, table, agencies.index("NCA"))
    page.get_by_text("Agency: NCA (the row selected above)").wait_for(timeout=30_000)
    assert page.get_by_text("Agency: Europol").count() == 0

    _select_row(page, table, agencies.index("DGPN"))
    page.get_by_text("Agency: DGPN (the row selected above)").wait_for(timeout=30_000)
    page.get_by_text("To apply: choose the agency to merge it into.").wait_for()
    into = page.locator("[data-testid='stSelectbox']").filter(has_text="Merge “DGPN” into")
    into.locator("input").click()
    into.locator("input").fill("DGSN")
    page.get_by_role("option", name="DGSN", exact=True).click()
    wait_idle(page)
    note = page.get_by_label("Why (optional, kept in the history)")
    note.fill("one service in our reading")
    note.press("Enter")
    wait_idle(page)
    # (the markdown escape puts an invisible word joiner after each colon: the text is read up to it)
    page.get_by_text("Apply will merge the agency “DGPN” into “DGSN”").wait_for(timeout=30_000)

    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Correction 1 made: merge AGENCY 'DGPN' into 'DGSN'").wait_for(timeout=60_000)
    wait_idle(page)
    assert [c.describe() for c, _ in store.corrections()] == ["merge AGENCY 'DGPN' into 'DGSN'"]
    # Nothing is left to apply again: no row selected, no entity in the form, no values kept.
    assert page.get_by_text("the row selected above").count() == 0
    assert page.get_by_text("Apply will").count() == 0
    assert page.get_by_role("button", name="Apply").count() == 0
    assert page.locator("input[value='one service in our reading']").count() == 0
    assert page.watch.errors == []
