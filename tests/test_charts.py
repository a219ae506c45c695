import datetime as dt

import networkx as nx
import pandas as pd
import plotly.colors

from lib import charts
from lib.colors import NONE_COLOR, country_colors, event_type_color


def _events(rows):  # type: ignore[no-untyped-def]
    """Rows shaped like timeline.lanes: (event_id, type, start, end, precision, inferred, lane)."""
    frame = pd.DataFrame(rows, columns=["event_id", "type", "date_start", "date_end", "precision", "date_inferred",
                                        "lane"])
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.assign(article_id=frame["event_id"] * 10, title="An <b>article</b>", participants="DGSI, DGSN",
                        evidence="The <script>x</script> evidence sentence " * 5, code=None, location=None,
                        confidence=0.9)


EVENTS = _events([
    (1, "meeting", "2024-06-27", "2024-06-27", "day", False, "DGSI"),
    (2, "visit", "2024-06-26", "2024-06-28", "day", False, "DGSN"),
    (3, "arrest", "2023-02-01", "2023-02-28", "month", True, "CNP"),
    (4, "statement", "2021-01-01", "2021-12-31", "year", True, "(none)"),
    (5, "meeting", None, None, None, False, "DGSI"),
    (6, "arrest", "2024-01-05", "2024-01-05", "day", True, "DGSI"),
])


def test_existing_figures_still_draw():
    over_time = pd.DataFrame({"period": pd.PeriodIndex(["2024-01", "2024-06"], freq="M"), "articles": [3, 1]})
    assert charts.articles_over_time(over_time).layout.xaxis.title.text == "Publication month"
    top = pd.DataFrame({"id": ["DGSI", "DGSN", "Europol"], "name": ["a", "b", "c"], "country": ["FR", "MA", None],
                        "mentions": [5, 4, 2], "articles": [3, 2, 1]})
    colors = {"FR": "#111111", "MA": "#222222"}
    figure = charts.top_bar(top, label="Agency", title="Agencies", colors=colors)
    bars = {trace.name: trace for trace in figure.data}
    assert bars["France (FR)"].marker.color == "#111111" and bars["Morocco (MA)"].marker.color == "#222222"
    assert bars["(none)"].marker.color == NONE_COLOR
    assert [c[0] for c in bars["France (FR)"].customdata] == ["DGSI"]
    assert "Country: France (FR)" in bars["France (FR)"].hovertext[0]
    assert list(figure.layout.yaxis.categoryarray) == ["Europol", "DGSN", "DGSI"]  # largest on top
    assert figure.layout.xaxis.title.text == "Articles" and figure.layout.yaxis.title.text == "Agency"


def test_articles_over_time_draws_a_bar_per_period_labelled_by_month_whatever_the_span():
    days = pd.DataFrame({"period": pd.PeriodIndex(["2024-05-02", "2024-05-31"], freq="D"), "articles": [2, 1]})
    figure = charts.articles_over_time(days)
    bar, axis = figure.data[0], figure.layout.xaxis
    assert axis.title.text == "Publication day" and "%b" in axis.tickformat and axis.type == "date"
    assert all(0 < w <= charts.DAY_MS for w in bar.width)  # a day wide at most, not the whole axis
    low, high = (pd.Timestamp(x) for x in axis.range)
    assert low <= pd.Timestamp("2024-05-02") and high >= pd.Timestamp("2024-06-01") and high - low < pd.Timedelta(days=40)
    assert bar.hovertext[0] == "2 May 2024: 2 articles" and bar.hovertext[1] == "31 May 2024: 1 article"

    one_month = pd.DataFrame({"period": pd.PeriodIndex(["2024-05"], freq="M"), "articles": [7]})
    figure = charts.articles_over_time(one_month)
    assert figure.layout.xaxis.tickformat == "%b %Y" and figure.layout.xaxis.dtick == "M1"
    assert 27 * charts.DAY_MS > figure.data[0].width[0] > 20 * charts.DAY_MS
    low, high = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    assert high - low < pd.Timedelta(days=70)

    years = pd.DataFrame({"period": pd.period_range("2014-01", "2024-12", freq="M"), "articles": 1})
    assert charts.articles_over_time(years).layout.xaxis.tickformat == "%Y"


def test_empty_frames_give_a_message_not_an_error():
    empty = pd.DataFrame(columns=EVENTS.columns)
    for figure in (charts.timeline(empty), charts.top_bar(pd.DataFrame(columns=["id", "articles"]), label="A", title="t"),
                   charts.articles_over_time(pd.DataFrame(columns=["period", "articles"])),
                   charts.pair_heatmap(pd.DataFrame(), measure="count", title="t", axis_label="A", value_label="n"),
                   charts.network(nx.Graph())):
        assert figure.layout.annotations and not figure.data


def test_spans_follow_precision():
    spans = charts.event_spans(EVENTS).set_index("event_id")
    assert 5 not in spans.index  # undated events cannot be placed
    assert spans.loc[1, "shape"] == "marker"
    assert (spans.loc[2, "shape"], spans.loc[2, "x0"], spans.loc[2, "x1"]) == (
        "bar", pd.Timestamp("2024-06-26"), pd.Timestamp("2024-06-29"))  # end day included
    assert (spans.loc[3, "x0"], spans.loc[3, "x1"]) == (pd.Timestamp("2023-02-01"), pd.Timestamp("2023-03-01"))
    assert (spans.loc[4, "x0"], spans.loc[4, "x1"]) == (pd.Timestamp("2021-01-01"), pd.Timestamp("2022-01-01"))
    assert spans.loc[4, "shape"] == "bar"


def test_month_precision_with_a_day_start_still_covers_the_month():
    frame = _events([(1, "arrest", "2023-02-14", None, "month", False, "CNP")])
    spans = charts.event_spans(frame)
    assert (spans.iloc[0]["x0"], spans.iloc[0]["x1"]) == (pd.Timestamp("2023-02-01"), pd.Timestamp("2023-03-01"))


def test_timeline_traces_carry_ids_colours_and_inferred_style():
    figure = charts.timeline(EVENTS, lane_title="Agency")
    drawn = [t for t in figure.data if t.customdata is not None]
    ids = {int(c[0]) for t in drawn for c in t.customdata}
    assert ids == {1, 2, 3, 4, 6}
    for trace in drawn:
        event_type = trace.customdata[0][2]
        colour = trace.marker.color if trace.type == "bar" else trace.marker.line.color
        assert event_type_color(event_type) in (colour, trace.marker.color)
        assert all(int(c[1]) == int(c[0]) * 10 for c in trace.customdata)  # article ids travel with events
    inferred_marker = next(t for t in drawn if t.type == "scatter" and int(t.customdata[0][0]) == 6)
    assert inferred_marker.marker.symbol == "circle-open"
    inferred_bar = next(t for t in drawn if t.type == "bar" and int(t.customdata[0][0]) == 3)
    assert inferred_bar.marker.pattern.shape == "/" and inferred_bar.marker.opacity < 0.6
    hover = " ".join(h for t in drawn for h in t.hovertext)
    assert "<script>" not in hover and "&lt;script&gt;" in hover and "<b>article</b>" not in hover
    assert figure.layout.xaxis.rangeslider.visible and figure.layout.xaxis.title.text == "Event date"
    assert figure.layout.xaxis.side == "top"  # in sight above the rows, however many
    assert list(figure.layout.yaxis.ticktext)[-1] == "(none)"  # "(none)" is the bottom row
    legend = {t.name for t in figure.data if t.showlegend is not False}
    assert {"meeting", "visit", "arrest", "statement", "inferred (hollow / hatched)"} <= legend


def test_the_first_view_shows_every_event_even_a_few_old_ones():
    rows = [(i, "arrest", f"2020-01-{i + 1:02d}", f"2020-01-{i + 1:02d}", "day", False, "A") for i in range(12)]
    rows.append((99, "arrest", "2001-01-01", "2001-12-31", "year", True, "A"))
    lo, hi = charts.initial_range(charts.event_spans(_events(rows)))
    assert lo < "2001-01-01" and hi >= "2020-01-13"
    figure = charts.timeline(_events(rows))
    assert list(figure.layout.xaxis.range) == [lo, hi]


def test_events_of_a_row_at_the_same_time_are_spread_across_the_row_not_stacked_on_one_spot():
    rows = [(1, "meeting", "2024-06-27", None, "day", False, "DGSI"),
            (2, "visit", "2024-06-27", None, "day", False, "DGSI"),
            (3, "arrest", "2024-06-27", None, "day", False, "DGSI"),
            (4, "meeting", "2024-06-27", None, "day", False, "DGSN"),  # another row: alone in it
            (5, "meeting", "2019-01-01", None, "day", False, "DGSI"),  # long before: alone at its time
            (6, "meeting", "2019-01-01", "2024-12-31", "day", False, "CNP")]  # a long range
    spans = charts.event_spans(_events(rows)).reset_index(drop=True)
    offsets, together = charts.stacked(spans, pd.Timedelta(days=30))
    by_id = dict(zip(spans["event_id"], zip(offsets, together)))
    assert len({by_id[i][0] for i in (1, 2, 3)}) == 3 and {by_id[i][1] for i in (1, 2, 3)} == {3}
    assert by_id[2][0] == 0 and abs(by_id[1][0]) == abs(by_id[3][0]) < 0.5  # centred, inside the row
    assert by_id[4] == (0, 1) and by_id[5] == (0, 1) and by_id[6] == (0, 1)
    figure = charts.timeline(_events(rows))
    points = [(x, y) for t in figure.data if t.type == "scatter" and t.customdata is not None
              for x, y in zip(t.x, t.y)]
    assert len(set(points)) == len(points) == 5  # the five single days, each on a spot of its own
    hover = " ".join(h for t in figure.data if t.hovertext is not None for h in t.hovertext)
    assert "3 events side by side here" in hover


def test_a_range_too_short_to_see_gets_a_marker_to_see_and_hover():
    rows = [(1, "visit", "2024-06-26", "2024-06-28", "day", False, "DGSN"),
            (2, "meeting", "2014-01-01", "2014-01-01", "day", False, "DGSN")]
    figure = charts.timeline(_events(rows))
    markers = [t for t in figure.data if t.type == "scatter" and t.customdata is not None
               and str(t.marker.symbol).startswith("square")]
    assert [int(c[0]) for t in markers for c in t.customdata] == [1]
    assert "2024-06-26 – 2024-06-28" in markers[0].hovertext[0]
    assert pd.Timestamp(markers[0].x[0]) == pd.Timestamp("2024-06-27 12:00")


def test_square_table_and_a_matrix_whose_cells_can_be_selected():
    pairs = pd.DataFrame({"a": ["FR", "FR"], "b": ["MA", "ES"], "articles": [3, 1]})
    table = charts.square_table(pairs, "articles")
    assert table.loc["FR", "MA"] == table.loc["MA", "FR"] == 3
    assert pd.isna(table.loc["MA", "ES"])
    figure = charts.pair_heatmap(table, measure="articles", title="t", axis_label="Country", value_label="Articles",
                                 names={"FR": "France", "MA": "Morocco", "ES": "Spain"},
                                 hover_names={"FR": "France (FR)", "MA": "Morocco (MA)", "ES": "Spain (ES)"})
    # Plotly heatmap cells send no selection: the cells are square markers of one scatter trace.
    assert [trace.type for trace in figure.data] == ["scatter"] and figure.data[0].marker.symbol == "square"
    cells = {tuple(c) for c in figure.data[0].customdata}
    assert cells == {("FR", "MA"), ("MA", "FR"), ("FR", "ES"), ("ES", "FR")}
    assert figure.layout.clickmode == "event+select" and figure.layout.dragmode is None  # Streamlit sets it
    assert figure.layout.xaxis.title.text == "Country"
    assert list(figure.layout.xaxis.ticktext) == ["France", "Morocco", "Spain"]  # names, in their order
    hover = dict(zip(map(tuple, figure.data[0].customdata), figure.data[0].hovertext))
    assert hover[("FR", "MA")] == "<b>France (FR)</b> × <b>Morocco (MA)</b><br>Articles: 3"


def test_matrix_cells_show_their_value_and_the_smallest_is_not_white():
    names = [f"A{i:02}" for i in range(50)]
    pairs = pd.DataFrame({"a": names[:-1], "b": names[1:], "count": [1] * 48 + [5]})
    small = charts.pair_heatmap(charts.square_table(pairs.head(5), "count"), measure="count", title="t",
                                axis_label="Agency", value_label="Count")
    marker = small.data[0].marker
    assert small.data[0].mode == "markers+text" and set(small.data[0].text) == {"1"}
    lowest = marker.colorscale[0][1]
    assert lowest not in ("white", "#ffffff", "rgb(255,255,255)", "rgb(247,251,255)")
    assert sum(plotly.colors.unlabel_rgb(lowest)) / 3 < 230  # a tint the eye sees on white
    assert marker.cmin == 1
    # Square cells whatever the width: the x axis keeps the y axis's scale.
    assert small.layout.xaxis.scaleanchor == "y" and marker.size == charts._cell_size(6) - 2
    big = charts.pair_heatmap(charts.square_table(pairs, "count", top=60), measure="count", title="t",
                              axis_label="Agency", value_label="Count")
    assert big.data[0].mode == "markers"  # too small to read a number in; the hover still has it


def test_network_is_deterministic_and_coloured_by_country():
    graph = nx.Graph()
    for node, country, articles in (("DGSI", "FR", 5), ("DGSN", "MA", 3), ("CNP", "ES", 1), ("Alone", "IT", 9),
                                    ("NCA", "GB", 2), ("FBI", "US", 2)):
        graph.add_node(node, name=node, country=country, articles=articles)
    graph.add_edge("DGSI", "DGSN", weight=4)
    graph.add_edge("DGSN", "CNP", weight=1)
    graph.add_edge("NCA", "FBI", weight=2)
    colors = country_colors(["FR", "MA", "ES", "GB", "US", "IT"])
    first, second = charts.network(graph, colors=colors), charts.network(graph, colors=colors)
    assert first.to_json() == second.to_json()
    nodes = {c[0]: t for t in first.data if t.mode == "markers+text" for c in t.customdata}
    assert "Alone" not in nodes  # an agency named with no other is left out of the network
    assert nodes["DGSI"].marker.color == colors["FR"] and nodes["DGSI"].name == "France (FR)"
    assert "Country: France (FR)" in nodes["DGSI"].hovertext[0]
    links = next(t for t in first.data if t.name == "links")
    assert {tuple(c) for c in links.customdata} == {("DGSI", "DGSN"), ("DGSN", "CNP"), ("NCA", "FBI")}
    # Components are laid out apart: no node of one sits inside the other's box.
    pos = charts.network_layout(graph.subgraph(["DGSI", "DGSN", "CNP", "NCA", "FBI"]))
    left = max(pos[n][0] for n in ("DGSI", "DGSN", "CNP"))
    assert min(pos[n][0] for n in ("NCA", "FBI")) > left or \
        max(pos[n][1] for n in ("NCA", "FBI")) < min(pos[n][1] for n in ("DGSI", "DGSN", "CNP"))


def test_timeline_counts_one_cell_per_lane_and_month_with_types_in_the_hover():
    months = pd.DataFrame({"lane": ["DGSI", "DGSI", "DGSN", "<b>X</b>"],
                           "period": pd.to_datetime(["2024-06-01", "2024-06-01", "2023-03-01", "2023-03-01"]),
                           "type": ["meeting", "arrest", "arrest", "visit"], "events": [3, 2, 1, 1]})
    figure = charts.timeline_counts(months, lane_title="Agency")
    (trace,) = figure.data
    assert [list(c) for c in trace.customdata] == [["<b>X</b>", "2023-03-01"], ["DGSI", "2024-06-01"],
                                                   ["DGSN", "2023-03-01"]]
    assert list(trace.marker.color) == [1, 5, 1]
    dgsi = trace.hovertext[1]
    assert "5 events" in dgsi and dgsi.index("meeting: 3") < dgsi.index("arrest: 2")
    assert "<b>X</b>" not in " ".join(trace.hovertext) and "&lt;b&gt;X" in trace.hovertext[0]
    assert list(figure.layout.yaxis.categoryarray)[-1] == "DGSI"  # the busiest row on top
    assert charts.timeline_counts(months.iloc[0:0]).layout.annotations  # empty: a message, not an error


def test_network_labels_cover_no_other_label_and_no_node():
    from lib.label_placement import CHAR_WIDTH

    graph = nx.relabel_nodes(nx.gnm_random_graph(25, 60, seed=1), lambda i: f"Agency number {i}")
    for i, node in enumerate(graph.nodes):
        graph.nodes[node].update(name=node, country="FR", articles=1 + i % 9)
    figure = charts.network(graph)
    nodes = next(t for t in figure.data if t.mode == "markers+text")
    x_range, y_range = figure.layout.xaxis.range, figure.layout.yaxis.range
    px_x = charts.NETWORK_PLOT_WIDTH / (x_range[1] - x_range[0])
    px_y = (charts.NETWORK_HEIGHT - 60) / (y_range[1] - y_range[0])
    markers = [(x * px_x - s / 2, y * px_y - s / 2, x * px_x + s / 2, y * px_y + s / 2)
               for x, y, s in zip(nodes.x, nodes.y, nodes.marker.size)]
    labels = []
    for index, (x, y, text, place, size) in enumerate(zip(nodes.x, nodes.y, nodes.text, nodes.textposition,
                                                          nodes.marker.size)):
        if not text:
            continue
        width, height = len(text) * 12 * CHAR_WIDTH, 15
        dx = {"left": -1, "right": 1}.get(place.split()[1], 0)
        dy = {"top": 1, "bottom": -1}.get(place.split()[0], 0)
        cx, cy = x * px_x + dx * (size / 2 + 2 + width / 2), y * px_y + dy * (size / 2 + 2 + height / 2)
        labels.append((index, (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)))

    def overlap(a, b):  # type: ignore[no-untyped-def]
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    assert len(labels) > 15
    assert not [(i, j) for n, (i, a) in enumerate(labels) for j, b in labels[n + 1:] if overlap(a, b)]
    assert not [(i, j) for i, a in labels for j, m in enumerate(markers) if i != j and overlap(a, m)]
    assert all(h.startswith("<b>Agency number") for h in nodes.hovertext)  # every node still names itself
