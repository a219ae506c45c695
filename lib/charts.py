"""Plotly figures from analytics frames: titled axes, readable labels, one look across pages.

Every figure meant for click-to-filter carries the values to filter on in `customdata`, and
every builder returns a figure with a message instead of failing when its frame is empty.
Colours come from `lib.colors`, so an agency, country or event type looks the same everywhere.
"""
from __future__ import annotations

import math

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from lib.colors import NONE_COLOR, country_colors, event_type_color
from lib.label_placement import place_labels
from lib.labels import country_label
from lib.wording import plural

TEMPLATE = "plotly_white"
MARGIN = dict(t=50, l=10, r=10, b=10)
DAY_MS = 86_400_000


def empty_figure(message: str, *, title: str = "", height: int = 240) -> go.Figure:
    """A blank figure that says why it is blank."""
    figure = go.Figure(layout=dict(template=TEMPLATE, height=height, title=plotly_escape(title), margin=MARGIN))
    figure.add_annotation(text=plotly_escape(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                          font=dict(size=14, color="#666"))
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure


# Plotly draws a few HTML tags in texts and decodes only &amp; &lt; &gt; (and a few others, and
# numeric ones): escaping these three, once, makes any text inert, and quotes read as typed
# (html.escape's &quot; would show as "&quot;").
_PLOTLY_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def plotly_escape(value: object) -> str:
    """Untrusted text for anything plotly draws: titles, hovers, labels, legends, ticks."""
    text = str(value)
    for raw, safe in _PLOTLY_ESCAPES:
        text = text.replace(raw, safe)
    return text


def escaped(values: pd.Series) -> pd.Series:
    """`plotly_escape`, column-wise."""
    text = values.astype("string").fillna("")
    for raw, safe in _PLOTLY_ESCAPES:
        text = text.str.replace(raw, safe, regex=False)
    return text


def wrapped(values: pd.Series, width: int = 70) -> pd.Series:
    """Untrusted text for hover labels, column-wise: whitespace collapsed, lines of at most about
    `width` characters broken at spaces, escaped; "—" for nothing."""
    text = values.astype("string").fillna("").str.replace(r"\s+", " ", regex=True).str.strip()
    text = text.str.replace(rf"(.{{1,{width}}})(?: |$)", "\\1\n", regex=True).str.rstrip("\n")
    text = escaped(text).str.replace("\n", "<br>", regex=False)
    return text.where(text != "", "—")


def escaped_ticks(values: object) -> dict[str, object]:
    """Category tick labels escaped like hover texts (plotly renders some HTML in them too); the
    values themselves stay raw, so category order and selections are unchanged."""
    shown = [str(v) for v in dict.fromkeys(values)]  # type: ignore[call-overload]
    return {"tickmode": "array", "tickvals": shown, "ticktext": [plotly_escape(v) for v in shown]}


def count_axis(largest: float) -> dict[str, object]:
    """Axis settings for counts: whole-number ticks only, about six of them, from zero."""
    step = max(1, math.ceil(float(largest or 1) / 6))
    return {"tick0": 0, "dtick": step, "tickformat": ",d", "rangemode": "tozero"}


def _month_step(months: int) -> int:
    """Months between date ticks: about a dozen ticks at most, on whole quarters or years."""
    return next(step for step in (1, 2, 3, 6, 12, 24, 60, 120) if months / step <= 12 or step == 120)


def articles_over_time(frame: pd.DataFrame) -> go.Figure:
    """One bar per period of `analytics.articles_over_time` (months, or days for a short span),
    each as wide as most of its period and labelled by month, however few the bars."""
    if frame.empty:
        return empty_figure("No dated article in view.", title="Articles over time")
    periods = pd.PeriodIndex(frame["period"])
    by_day = periods.freqstr == "D"
    start, end = periods.start_time, (periods + 1).start_time
    unit = "day" if by_day else "month"
    hover = [(f"{day.day} {day:%B %Y}" if by_day else f"{day:%B %Y}") + f": {plural(int(n), 'article')}"
             for day, n in zip(start, frame["articles"], strict=True)]
    # A plain Bar: plotly express spent 0.3 s preparing this one trace. Placed at each period's middle,
    # with its width given: a lone bar would otherwise fill the axis, which then has no scale at all.
    figure = go.Figure(go.Bar(x=start + (end - start) / 2, y=frame["articles"], width=((end - start) * 0.8)
                              / pd.Timedelta(milliseconds=1), marker_color="#636efa", hovertext=hover,
                              hoverinfo="text"))
    figure.update_layout(title="Articles over time", template=TEMPLATE, margin=MARGIN, height=320)
    first, last = start.min(), end.max()
    if by_day:
        days = max(1, (last - first).days)
        step = next(step for step in (1, 2, 7, 14) if days / step <= 16 or step == 14)
        ticks = dict(dtick=DAY_MS * step, tickformat="%-d %b\n%Y", ticklabelmode="period" if step == 1 else "instant")
    else:
        months = (last.year - first.year) * 12 + last.month - first.month
        step = _month_step(months)
        # A label under its own month (or year), or at the start of a longer step's first month.
        ticks = dict(dtick=f"M{step}", tick0="2000-01-01", tickformat="%Y" if step >= 12 else "%b %Y",
                     ticklabelmode="period" if step in (1, 12) else "instant")
    pad = pd.Timedelta(days=1 if by_day else 15)
    if by_day:  # a fortnight at least, so that a day or two of articles are not drawn as slabs
        pad = max(pad, (pd.Timedelta(days=14) - (last - first)) / 2)
    figure.update_xaxes(title=f"Publication {unit}", type="date", range=[first - pad, last + pad], **ticks)
    figure.update_yaxes(title="Articles")
    figure.update_yaxes(**count_axis(frame["articles"].max()))
    return figure


def _country_colour(colors: Mapping[str, str], country: object) -> str:
    return colors.get(str(country).upper()) or NONE_COLOR


def top_bar(frame: pd.DataFrame, *, label: str, title: str, colors: Mapping[str, str] | None = None) -> go.Figure:
    """Horizontal bars of entities by article count, the largest on top, coloured by country
    (`colors`, code -> colour, as every page colours countries; else distinct colours of its own).

    Each bar's customdata[0] is the entity id, for click-to-filter.
    """
    if frame.empty:
        return empty_figure(f"No {label.lower()} in view.", title=title)
    ordered = frame.sort_values("articles", kind="stable")
    countries = ordered["country"] if "country" in ordered.columns else pd.Series(None, index=ordered.index)
    by_country = countries.notna().any()
    colors = country_colors(countries) if colors is None else colors
    figure = go.Figure()
    groups = ordered.assign(_country=countries.fillna("(none)")).groupby("_country", sort=True)
    for country, rows in (groups if by_country else [("", ordered)]):
        hover = [
            f"<b>{plotly_escape(str(i))}</b>"
            + (f"<br>{plotly_escape(str(n))}" if isinstance(n, str) and n != i else "")
            + (f"<br>Country: {plotly_escape(country_label(c))}" if isinstance(c, str) else "")
            + f"<br>Articles: {a}" + (f"<br>Mentions: {m}" if m is not None else "")
            for i, n, c, a, m in zip(rows["id"], rows.get("name", rows["id"]), rows.get("country", [None] * len(rows)),
                                     rows["articles"], rows.get("mentions", [None] * len(rows)), strict=True)
        ]
        figure.add_bar(x=rows["articles"], y=rows["id"], orientation="h",
                       name=plotly_escape(country_label(country)) if by_country else label,
                       marker_color=_country_colour(colors, country) if by_country else "#1f77b4",
                       customdata=[[i] for i in rows["id"]], hovertext=hover, hoverinfo="text",
                       showlegend=bool(by_country))
    figure.update_layout(title=plotly_escape(title), template=TEMPLATE, margin=MARGIN,
                         height=max(260, 28 * len(frame) + 90),
                         barmode="stack", legend_title_text="Country", clickmode="event+select")
    figure.update_yaxes(title=plotly_escape(label), automargin=True, categoryorder="array",
                        categoryarray=list(ordered["id"]), **escaped_ticks(ordered["id"]))
    figure.update_xaxes(title="Articles", **count_axis(frame["articles"].max()))
    return figure


# --- Timeline -----------------------------------------------------------------------------------

_PERIOD = {"month": "M", "year": "Y"}


def event_spans(frame: pd.DataFrame) -> pd.DataFrame:
    """The dated events with where to draw them: x0 (inclusive), x1 (exclusive) and a shape.

    A single known day is a marker; a range, or a date known only to its week, month or year,
    is a bar covering that whole span, so vague dates never look more exact than they are.
    """
    dated = frame[frame["date_start"].notna()].copy()
    if dated.empty:
        return dated.assign(x0=pd.Series(dtype="datetime64[ns]"), x1=pd.Series(dtype="datetime64[ns]"),
                            shape=pd.Series(dtype="string"))
    start = pd.to_datetime(dated["date_start"])
    end = pd.to_datetime(dated["date_end"]).fillna(start)
    end = end.where(end >= start, start)
    precision = dated["precision"].fillna("day").astype(str)
    x0, x1 = start.copy(), end + pd.Timedelta(days=1)
    for name, freq in _PERIOD.items():
        mask = precision == name
        if mask.any():
            x0[mask] = start[mask].dt.to_period(freq).dt.start_time
            x1[mask] = end[mask].dt.to_period(freq).dt.end_time.dt.normalize() + pd.Timedelta(days=1)
    week = precision == "week"
    x1[week] = pd.concat([x1[week], start[week] + pd.Timedelta(days=7)], axis=1).max(axis=1)
    dated["x0"], dated["x1"] = x0, x1
    dated["shape"] = ["marker" if p == "day" and e == s else "bar"
                      for p, s, e in zip(precision, start, end, strict=True)]
    return dated


def date_labels(frame: pd.DataFrame) -> pd.Series:
    """How each event's date reads at its precision: a year, a month (or months), a day or a range."""
    start, end = frame["date_start"], frame["date_end"]
    precision = frame["precision"].astype("string").fillna("day")
    day = start.dt.strftime("%Y-%m-%d").astype("string")
    single = end.isna() | (end == start)
    labels = (day + " – " + end.dt.strftime("%Y-%m-%d").astype("string")).where(
        ~single, day + pd.Series(np.where(precision == "week", " (week)", ""), index=frame.index, dtype="string"))
    month = start.dt.strftime("%B %Y").astype("string")
    one_month = end.isna() | (end.dt.to_period("M") == start.dt.to_period("M"))
    months = month.where(one_month, month + " – " + end.dt.strftime("%B %Y").astype("string"))
    labels = labels.where(precision != "month", months)
    return labels.where(precision != "year", start.dt.strftime("%Y").astype("string"))


def event_hovers(frame: pd.DataFrame, lane_title: str) -> pd.Series:
    """The hover text of each event row, built column by column (row by row took most of the page)."""
    inferred = pd.Series(np.where(frame["date_inferred"].astype(bool), " · <i>date inferred</i>", ""),
                         index=frame.index, dtype="string")
    return ("<b>" + escaped(frame["type"].astype("string").str.replace("_", " ")) + "</b> · "
            + escaped(date_labels(frame)) + inferred
            + f"<br>{plotly_escape(lane_title)}: " + escaped(frame["lane"])
            + "<br>Participants: " + wrapped(frame["participants"], 60)
            + _article_or_sources(frame)
            + "<br><br>" + wrapped(frame["evidence"], 70))


def _source_growth(part: pd.DataFrame) -> np.ndarray:
    """A story reported by more sources draws a larger marker (up to five sources count)."""
    if "sources" not in part.columns:
        return np.zeros(len(part))
    return 3 * (np.minimum(part["sources"].fillna(1).to_numpy(dtype=float), 5) - 1)


def _article_or_sources(frame: pd.DataFrame) -> pd.Series:
    """"Article: title" for one report; for a story (rows of `timeline.by_story`), its sources listed."""
    article = "<br>Article: " + wrapped(frame["title"], 60)
    if "reports" not in frame.columns:
        return article
    listed = frame["reports"].fillna("").astype("string")
    many = "<br>Reported by " + frame["sources"].astype("string") + " sources: " + wrapped(listed, 70)
    return pd.Series(np.where((frame["sources"] > 1).to_numpy() & (listed != "").to_numpy(), many, article),
                     index=frame.index, dtype="string")


def initial_range(spans: pd.DataFrame) -> list[str]:
    """The first view of the date axis: every event in view, with a little room at both ends."""
    lo, hi = spans["x0"].min(), spans["x1"].max()
    pad = max((hi - lo) * 0.02, pd.Timedelta(days=3))
    return [(lo - pad).strftime("%Y-%m-%d"), (hi + pad).strftime("%Y-%m-%d")]


# Of the whole axis, what a marker covers (about 12 px of 900) and the least a range is drawn as.
_REACH = 1 / 75
# The share of a row's height its events spread over when they would cover one another.
_SPREAD = 0.6


def stacked(spans: pd.DataFrame, reach: pd.Timedelta) -> tuple[np.ndarray, np.ndarray]:
    """Per event of `event_spans` rows (with a `lane`): its offset from its row's middle, and how many
    events at most overlap where it is (itself included).

    Events of one row that would cover each other (closer than `reach`, a marker's width) form a
    group; each takes the first free track of its group, and the group's tracks are spread about the
    row's middle, so that none hides another. An event alone stays in the middle.
    """
    offsets, together = np.zeros(len(spans)), np.ones(len(spans), dtype=np.int64)
    ordered = spans.assign(_at=np.arange(len(spans)), _end=np.maximum(spans["x1"], spans["x0"] + reach))
    for _, lane in ordered.sort_values(["lane", "x0", "_end"], kind="stable").groupby("lane", sort=False):
        group: list[tuple[int, int]] = []  # (position in spans, track)
        ends: list[pd.Timestamp] = []  # each track's last end in the group
        group_end = None
        for at, x0, end in zip(lane["_at"], lane["x0"], lane["_end"], strict=True):
            if group_end is not None and x0 >= group_end:
                _spread_group(group, len(ends), offsets, together)
                group, ends = [], []
            track = next((t for t, last in enumerate(ends) if last <= x0), len(ends))
            ends[track:track + 1] = [end]
            group.append((at, track))
            group_end = end if group_end is None or x0 >= group_end else max(group_end, end)
        _spread_group(group, len(ends), offsets, together)
    return offsets, together


def _spread_group(group: list[tuple[int, int]], tracks: int, offsets: np.ndarray, together: np.ndarray) -> None:
    step = min(_SPREAD / (tracks - 1), 0.25) if tracks > 1 else 0.0
    for at, track in group:
        offsets[at] = (track - (tracks - 1) / 2) * step
        together[at] = tracks


def timeline(frame: pd.DataFrame, *, lane_title: str = "Agency") -> go.Figure:
    """Events (rows of `timeline.lanes`) on a date axis, one row per lane, coloured by type.

    The first view shows every event, the date axis on top. Events of a row that would cover one
    another are spread across the row (`stacked`); a range too short to see at full view also
    gets a square marker in its middle, to see and hover.
    customdata = [event_id, article_id, type]. Inferred dates are hollow markers / faded, hatched bars.
    """
    title = f"Events by {lane_title.lower()}"
    spans = event_spans(frame) if not frame.empty else frame
    if spans.empty:
        return empty_figure("No dated event in view.", title=title)
    counts = spans.groupby("lane").size()
    lanes = sorted(counts.index, key=lambda lane: (lane == "(none)", -counts[lane], str(lane)))
    view = initial_range(spans)
    reach = (pd.Timestamp(view[1]) - pd.Timestamp(view[0])) * _REACH
    offsets, together = stacked(spans, reach)
    row = spans["lane"].map({lane: i for i, lane in enumerate(lanes)}).to_numpy(dtype=float)
    shared = pd.Series(np.where(together > 1, "<br><i>" + together.astype(str) + " events side by side here, "
                                "spread across the row</i>", ""), index=spans.index, dtype="string")
    spans = spans.assign(hover=event_hovers(spans, lane_title) + shared, y=row + offsets, together=together,
                         thickness=np.minimum(0.5, 0.9 * _SPREAD / together))
    figure = go.Figure()
    for event_type in sorted(spans["type"].unique()):
        # A plain swatch per type in the legend; the drawn traces share its group (click hides all).
        figure.add_scatter(x=[None], y=[None], mode="markers", name=plotly_escape(str(event_type).replace("_", " ")),
                           legendgroup=str(event_type),
                           marker=dict(size=11, color=event_type_color(event_type), symbol="square"))
    # One trace per type, shape and inferred-or-not; arrays, not lists (plotly checks a list item by item).
    for (event_type, shape, inferred), part in spans.groupby(["type", "shape", "date_inferred"], sort=True):
        colour = event_type_color(event_type)
        common = dict(name=plotly_escape(str(event_type).replace("_", " ")), legendgroup=str(event_type),
                      showlegend=False, hoverinfo="text",
                      customdata=np.column_stack([part["event_id"].to_numpy(dtype=object),
                                                  part["article_id"].to_numpy(dtype=object),
                                                  part["type"].to_numpy(dtype=object)]))
        if shape == "bar":
            figure.add_bar(orientation="h", base=part["x0"].dt.strftime("%Y-%m-%d").to_numpy(dtype=object),
                           x=((part["x1"] - part["x0"]).dt.days * DAY_MS).to_numpy(), y=part["y"].to_numpy(),
                           width=part["thickness"].to_numpy(), hovertext=part["hover"].to_numpy(dtype=object),
                           marker=dict(color=colour, opacity=0.45 if inferred else 0.85,
                                       pattern_shape="/" if inferred else "", line_width=0),
                           **common)
            short = part[(part["x1"] - part["x0"]) < reach]
            if not short.empty:  # a sliver at full view: a marker in the middle to see and hover
                figure.add_scatter(mode="markers", x=(short["x0"] + (short["x1"] - short["x0"]) / 2).to_numpy(),
                                   y=short["y"].to_numpy(), hovertext=short["hover"].to_numpy(dtype=object),
                                   marker=dict(size=9, symbol="square-open" if inferred else "square",
                                               color=colour, line=dict(color=colour, width=2)),
                                   **{**common, "customdata": common["customdata"][
                                       ((part["x1"] - part["x0"]) < reach).to_numpy()]})
        else:
            figure.add_scatter(mode="markers", x=part["x0"].to_numpy(), y=part["y"].to_numpy(),
                               hovertext=part["hover"].to_numpy(dtype=object),
                               marker=dict(size=np.select([part["together"] == 1, part["together"] <= 3], [12, 9], 7)
                                           + _source_growth(part),
                                           color=colour, symbol="circle-open" if inferred else "circle",
                                           line=dict(color=colour if inferred else "white",
                                                     width=2.5 if inferred else 1)),
                               **common)
    # Legend entries that explain the styling rather than a type.
    figure.add_scatter(x=[None], y=[None], mode="markers", name="exact day", legendgroup="_style",
                       legendgrouptitle_text="Date", marker=dict(size=11, color=NONE_COLOR, symbol="circle"))
    figure.add_scatter(x=[None], y=[None], mode="markers", name="inferred (hollow / hatched)",
                       legendgroup="_style", marker=dict(size=11, color=NONE_COLOR, symbol="circle-open",
                                                         line=dict(color=NONE_COLOR, width=2.5)))
    figure.add_bar(x=[None], y=[None], orientation="h", name="range, month or year (■ when short)",
                   legendgroup="_style", marker_color=NONE_COLOR)
    figure.update_layout(title=plotly_escape(title), template=TEMPLATE, barmode="overlay", hovermode="closest",
                         height=max(340, 34 * len(lanes) + 200), margin=dict(t=90, l=10, r=10, b=10),
                         legend=dict(title_text="Event type", groupclick="toggleitem"),
                         hoverlabel=dict(align="left"), clickmode="event+select")
    # The date axis on top, in sight above the rows however many there are; the slider below.
    figure.update_xaxes(type="date", title="Event date", side="top", range=view,
                        rangeslider=dict(visible=True, thickness=0.06))
    figure.update_yaxes(title=plotly_escape(lane_title), tickmode="array", tickvals=list(range(len(lanes))),
                        ticktext=[plotly_escape(str(lane)) for lane in lanes], range=[len(lanes) - 0.5, -0.5],
                        showgrid=False, zeroline=False, automargin=True,
                        # A faint line between rows, so that a spread event is seen to belong to its own.
                        minor=dict(tickmode="array", tickvals=[i + 0.5 for i in range(len(lanes) - 1)],
                                   showgrid=True, gridcolor="#eeeeee", ticklen=0))
    return figure


def timeline_counts(frame: pd.DataFrame, *, lane_title: str = "Agency",
                    lanes: list[str] | None = None) -> go.Figure:
    """Events per lane and month (rows of `timeline.months_of`): the timeline when there are too
    many events to draw one by one. Darker and larger: more events; the hover breaks them down by type.

    customdata = [lane, month start], so a click can narrow the filters to the lane.
    """
    title = f"Events by {lane_title.lower()} and month"
    if frame.empty:
        return empty_figure("No dated event in view.", title=title)
    cells = frame.groupby(["lane", "period"], sort=True)
    totals = cells["events"].sum().rename("events").reset_index()
    by_type = frame.sort_values(["events", "type"], ascending=[False, True]).assign(
        text=lambda f: escaped(f["type"].astype("string").str.replace("_", " ")) + ": " + f["events"].astype("string"))
    # Joined as plain str objects: joining Arrow strings per group is several times slower.
    by_type["text"] = by_type["text"].astype(object)
    totals["breakdown"] = by_type.groupby(["lane", "period"], sort=True)["text"].agg("<br>".join).to_numpy()
    if lanes is None:
        order = totals.groupby("lane")["events"].sum()
        lanes = sorted(order.index, key=lambda lane: (lane == "(none)", -order[lane], str(lane)))
    largest = int(totals["events"].max())
    hover = ("<b>" + escaped(totals["lane"]) + "</b> · " + totals["period"].dt.strftime("%B %Y")
             + "<br>" + totals["events"].astype("string") + " events<br><br>" + totals["breakdown"])
    figure = go.Figure(go.Scatter(
        x=totals["period"], y=totals["lane"], mode="markers", showlegend=False,
        # Arrays rather than lists: plotly checks a list item by item (thousands of cells here).
        marker=dict(size=(6 + 18 * (totals["events"] / largest) ** 0.5).to_numpy(), color=totals["events"],
                    colorscale="Blues", cmin=0, cmax=largest, colorbar=dict(title="Events"),
                    line=dict(color="#555", width=0.5)),
        customdata=np.column_stack([totals["lane"].to_numpy(dtype=object),
                                    totals["period"].dt.strftime("%Y-%m-%d").to_numpy(dtype=object)]),
        hovertext=hover.to_numpy(dtype=object), hoverinfo="text",
    ))
    figure.update_layout(title=plotly_escape(title), template=TEMPLATE, hovermode="closest",
                         height=max(340, 34 * len(lanes) + 200), margin=dict(MARGIN, t=90), hoverlabel=dict(align="left"),
                         clickmode="event+select")
    figure.update_xaxes(type="date", title="Event month (start date)", side="top",
                        rangeslider=dict(visible=True, thickness=0.06))
    figure.update_yaxes(title=plotly_escape(lane_title), categoryorder="array", categoryarray=list(reversed(lanes)),
                        type="category", automargin=True, **escaped_ticks(reversed(lanes)))
    return figure


# --- Co-occurrence ------------------------------------------------------------------------------

def square_table(pair_frame: pd.DataFrame, value: str, top: int = 25) -> pd.DataFrame:
    """A symmetric name x name table of `value` from a long (a, b, value) frame, top names by total."""
    if pair_frame.empty:
        return pd.DataFrame()
    weight = pd.concat([pair_frame.groupby("a")[value].sum(), pair_frame.groupby("b")[value].sum()])
    keep = sorted(weight.groupby(level=0).sum().sort_values(ascending=False).head(top).index)
    kept = pair_frame[pair_frame["a"].isin(keep) & pair_frame["b"].isin(keep)]
    both = pd.concat([kept[["a", "b", value]], kept[["b", "a", value]].set_axis(["a", "b", value], axis=1)])
    table = both.pivot_table(index="a", columns="b", values=value, aggfunc="first")
    return table.reindex(index=keep, columns=keep)


_MEASURE_FORMAT = {"count": ",.0f", "articles": ",.0f", "jaccard": ".2f", "pmi": ".2f"}
# Blues from its third step: the smallest value in view is a visible tint, never white on white.
_SEQUENTIAL = plotly.colors.sequential.Blues[2:]
# Cells wide enough to hold their number; smaller matrices leave it to the hover.
_NUMBERED_CELL = 20


def _cell_size(n: int) -> int:
    """Pixels a side for each of n x n cells: the matrix stays within about 720 px."""
    return max(12, min(32, 720 // max(n, 1)))


def pair_heatmap(table: pd.DataFrame, *, measure: str, title: str, axis_label: str, value_label: str,
                 names: Mapping[str, str] | None = None, hover_names: Mapping[str, str] | None = None) -> go.Figure:
    """A square table as a matrix of square markers, so that a click or a box selects cells (plotly
    heatmap cells select nothing); each cell shows its value when there is room for it.

    `names` are the axis labels of the table's keys, `hover_names` their names in hovers (both the
    keys themselves by default). customdata = [row key, column key].
    """
    if table.empty or table.notna().sum().sum() == 0:
        return empty_figure("Nothing appears together in view.", title=title)
    # In the order of the names shown (country names are not in the order of their codes).
    order = sorted(range(len(table)), key=lambda i: str((names or {}).get(str(table.index[i]), table.index[i])).casefold())
    table = table.iloc[order, order]
    keys = [str(n) for n in table.index]
    shown = [str((names or {}).get(k, k)) for k in keys]
    hovered = [str((hover_names or names or {}).get(k, k)) for k in keys]
    fmt = _MEASURE_FORMAT.get(measure, ".2f")
    z = table.to_numpy(dtype=float)
    rows, columns = np.nonzero(~np.isnan(z))
    values = z[rows, columns]
    diverging = measure == "pmi"
    if diverging:
        bound = float(np.abs(values).max()) or 1.0
        low, high, scale = -bound, bound, "RdBu"
    else:
        low, high, scale = float(values.min()), float(values.max()), _SEQUENTIAL
    share = (values - low) / ((high - low) or 1.0)
    # Dark cells take white numbers: the middle of a diverging scale is pale, its ends dark.
    dark = np.abs(share - 0.5) > 0.3 if diverging else share > 0.55
    cell = _cell_size(len(keys))
    longest = max(len(s) for s in shown)
    left, bottom = 7 * longest + 40, int(5 * longest) + 50
    figure = go.Figure(go.Scatter(
        x=columns, y=rows, mode="markers+text" if cell >= _NUMBERED_CELL else "markers", showlegend=False,
        marker=dict(symbol="square", size=cell - 2, color=values, colorscale=scale, cmin=low, cmax=high,
                    line=dict(width=0),
                    colorbar=dict(title=dict(text=plotly_escape(value_label), side="top"), orientation="h",
                                  x=0, xanchor="left", y=1.0, yanchor="bottom", len=260, lenmode="pixels",
                                  thickness=12)),
        text=[format(v, fmt) for v in values], textfont=dict(size=min(12, cell // 2 - 1),
                                                             color=np.where(dark, "white", "#222").tolist()),
        customdata=np.column_stack([np.array(keys, dtype=object)[rows], np.array(keys, dtype=object)[columns]]),
        hovertext=[f"<b>{plotly_escape(hovered[i])}</b> × <b>{plotly_escape(hovered[j])}</b><br>"
                   f"{plotly_escape(value_label)}: {format(v, fmt)}" for i, j, v in zip(rows, columns, values)],
        # The chosen cell stands out; the others fade a little but keep their numbers readable.
        hoverinfo="text", selected=dict(marker=dict(opacity=1)),
        unselected=dict(marker=dict(opacity=0.55), textfont=dict(color="#333")),
    ))
    side = cell * len(keys)
    figure.update_layout(title=plotly_escape(title), template=TEMPLATE, height=side + 110 + bottom,
                         margin=dict(t=110, l=left, r=10, b=bottom), clickmode="event+select",
                         hovermode="closest", plot_bgcolor="white")
    ticks = dict(tickmode="array", tickvals=list(range(len(keys))), ticktext=[plotly_escape(s) for s in shown],
                 range=[-0.5, len(keys) - 0.5], showgrid=False, zeroline=False, automargin=True)
    # Cells stay square whatever the page's width: the x axis takes the y axis's scale, from the left.
    figure.update_xaxes(title=plotly_escape(axis_label), tickangle=-45, scaleanchor="y", scaleratio=1,
                        constrain="domain", constraintoward="left", **ticks)
    figure.update_yaxes(title=plotly_escape(axis_label), autorange=False, **{**ticks, "range": [len(keys) - 0.5, -0.5]})
    return figure


def network_layout(graph: nx.Graph, *, seed: int = 7) -> dict[object, tuple[float, float]]:
    """Spring layout per connected component (fixed seed), components packed in rows.

    One spring layout of a disconnected graph pushes the components to the corners and
    squeezes each into a heap of overlapping labels; laid out apart, each keeps its room.
    """
    components = sorted((sorted(c, key=str) for c in nx.connected_components(graph)), key=lambda c: (-len(c), str(c[0])))
    if not components:
        return {}
    biggest = len(components[0])
    total = sum(math.sqrt(len(c) / biggest) * 2.4 for c in components)
    row_width = max(2.4, math.sqrt(total * 2.4) * 1.3)
    positions: dict[object, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes in components:
        size = max(0.5, math.sqrt(len(nodes) / biggest))  # half-width of the component's box
        if x > 0 and x + 2 * size > row_width:
            x, y, row_height = 0.0, y - row_height - 0.6, 0.0
        if len(nodes) == 1:
            local = {nodes[0]: (0.0, 0.0)}
        else:
            part = graph.subgraph(nodes)
            local = nx.spring_layout(part, seed=seed, weight="weight", k=1.8 / math.sqrt(len(nodes)), iterations=200)
        for node, (nx_, ny_) in local.items():
            positions[node] = (x + size + float(nx_) * size, y - size + float(ny_) * size)
        x += 2 * size + 0.6
        row_height = max(row_height, 2 * size)
    return positions


def _label_side(graph: nx.Graph, pos: dict, node: object) -> str:
    """Put a label on the side away from the node's neighbours, where links and nodes are fewer."""
    neighbours = list(graph.neighbors(node))
    if not neighbours:
        return "top center"
    mean_y = sum(pos[n][1] for n in neighbours) / len(neighbours)
    return "bottom center" if pos[node][1] < mean_y else "top center"


NETWORK_HEIGHT = 620
# The plot's width in pixels on a laptop screen (the page's width less the legend), to keep labels apart.
NETWORK_PLOT_WIDTH = 820


def network(graph: nx.Graph, *, max_nodes: int = 40, seed: int = 7, title: str = "Co-occurrence network",
            colors: Mapping[str, str] | None = None) -> go.Figure:
    """Nodes sized by articles and coloured by country (`colors`, code -> colour, as every page
    colours countries); edges as wide as their co-occurrence count. Labels that would cover
    another label or node are left to the hover.

    Only entities with at least one co-occurrence are drawn (the `max_nodes` in most articles).
    customdata: nodes [id, ""]; edge midpoints [a, b].
    """
    linked = [n for n in graph.nodes if graph.degree(n) > 0]
    if not linked:
        return empty_figure("No two entities appear together in view.", title=title)
    keep = sorted(linked, key=lambda n: (-int(graph.nodes[n].get("articles", 0)), str(n)))[:max_nodes]
    sub = graph.subgraph(keep)
    pos = network_layout(sub, seed=seed)
    weights = [d.get("weight", 1) for _, _, d in sub.edges(data=True)]
    top_weight = max(weights) if weights else 1
    figure = go.Figure()
    # Edges grouped into a few widths: one trace per width instead of one per edge.
    levels: dict[float, tuple[list, list]] = {}
    for a, b, data in sub.edges(data=True):
        width = round(1 + 6 * data.get("weight", 1) / top_weight)
        xs, ys = levels.setdefault(width, ([], []))
        xs += [pos[a][0], pos[b][0], None]
        ys += [pos[a][1], pos[b][1], None]
    for width, (xs, ys) in sorted(levels.items()):
        figure.add_scatter(x=xs, y=ys, mode="lines", line=dict(width=width, color="rgba(110,110,110,0.45)"),
                           hoverinfo="skip", showlegend=False)
    edges = list(sub.edges(data=True))
    figure.add_scatter(
        x=[(pos[a][0] + pos[b][0]) / 2 for a, b, _ in edges], y=[(pos[a][1] + pos[b][1]) / 2 for a, b, _ in edges],
        mode="markers", marker=dict(size=7, color="rgba(110,110,110,0.5)"), showlegend=False, name="links",
        customdata=[[str(a), str(b)] for a, b, _ in edges], hoverinfo="text",
        hovertext=[f"<b>{plotly_escape(str(a))}</b> – <b>{plotly_escape(str(b))}</b><br>together: {d.get('weight', 1)}"
                   for a, b, d in edges],
    )
    top_articles = max(int(sub.nodes[n].get("articles", 1)) for n in sub.nodes) or 1
    size = {n: 12 + 26 * math.sqrt(int(sub.nodes[n].get("articles", 1)) / top_articles) for n in sub.nodes}
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    x_range, y_range = [min(xs) - 0.35, max(xs) + 0.6], [min(ys) - 0.25, max(ys) + 0.3]
    ranked = [n for n in keep if n in sub]  # the most named first: theirs are the labels kept
    places = dict(zip(ranked, place_labels(
        [pos[n] for n in ranked], [str(n) for n in ranked], [size[n] for n in ranked],
        px_per_x=NETWORK_PLOT_WIDTH / (x_range[1] - x_range[0]),
        px_per_y=(NETWORK_HEIGHT - MARGIN["t"] - MARGIN["b"]) / (y_range[1] - y_range[0]),
        preferred=[_label_side(sub, pos, n) for n in ranked]), strict=True))
    colors = country_colors(sub.nodes[n].get("country") for n in sub.nodes) if colors is None else colors
    by_country: dict[str, list] = {}
    for node in sub.nodes:
        by_country.setdefault(sub.nodes[node].get("country") or "(none)", []).append(node)
    for country in sorted(by_country):
        nodes = by_country[country]
        data = [sub.nodes[n] for n in nodes]
        figure.add_scatter(
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text",
            name=plotly_escape(country_label(country)),
            text=[plotly_escape(str(n)) if places[n] else "" for n in nodes],
            textposition=[places[n] or "top center" for n in nodes], textfont=dict(size=12),
            marker=dict(size=[size[n] for n in nodes], color=_country_colour(colors, country),
                        line=dict(color="white", width=1.5)),
            customdata=[[str(n), ""] for n in nodes], hoverinfo="text",
            hovertext=[f"<b>{plotly_escape(str(n))}</b><br>{plotly_escape(str(d.get('name') or ''))}"
                       f"<br>Country: {plotly_escape(country_label(country))}<br>Articles: {d.get('articles', 0)}"
                       f"<br>Linked to: {sub.degree(n)}" for n, d in zip(nodes, data, strict=True)],
        )
    figure.update_layout(title=plotly_escape(title), template=TEMPLATE, height=NETWORK_HEIGHT, margin=MARGIN,
                         hovermode="closest", legend_title_text="Agency country", clickmode="event+select")
    # Room around the drawing so that labels of the outermost nodes are not cut.
    figure.update_xaxes(visible=False, range=x_range)
    figure.update_yaxes(visible=False, range=y_range)
    return figure
