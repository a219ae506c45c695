"""Co-occurrence: which agencies are named together, as a matrix and a network, with the evidence."""
import networkx as nx
import streamlit as st

from lib import charts
from lib.analytics import cooccurrence, entity_counts, filter_options
from lib.colors import country_colors
from lib.export import to_csv_bytes, to_gexf_bytes, to_graphml_bytes
from lib.labels import country_label, country_name
from lib.ui.downloads import table_with_downloads
from lib.ui.links import article_opener, follow_request
from lib.ui.selection import custom_values, selected_pair, selected_points
from lib.ui.sidebar import narrow, render_filters
from lib.ui.state import cached, get_store
from lib.ui.text import md_escape

FOCUS = "cooc-focus"
HEATMAP, NETWORK, COUNTRIES = "cooc-heatmap", "cooc-network", "cooc-countries"
WINDOWS = {"sentence": "Same sentence", "paragraph": "Same paragraph", "article": "Same article",
           "happening": "Same happening"}
MEASURES = {"count": "Count", "jaccard": "Jaccard", "pmi": "PMI"}
MEASURE_HELP = ("Count: units (sentences, paragraphs or articles) naming both. Jaccard: shared units over "
                "units naming either (0–1). PMI: log2 of how much more often they appear together than chance.")


def _focus_from(chart_key: str) -> None:
    """A clicked cell, node or link becomes the pair (or the single agency) whose evidence is listed."""
    pair = selected_pair(st.session_state.get(chart_key))
    if pair:
        st.session_state[FOCUS] = pair


def _from_matrix() -> None:
    """A clicked cell lists its pair's evidence; a box over several cells narrows to their agencies."""
    state = st.session_state.get(HEATMAP)
    if len(selected_points(state)) > 1:
        narrow("agencies", list(dict.fromkeys(custom_values(state, 0) + custom_values(state, 1))))
    else:
        _focus_from(HEATMAP)


def _narrow_countries() -> None:
    state = st.session_state.get(COUNTRIES)
    values = list(dict.fromkeys(custom_values(state, 0) + custom_values(state, 1)))
    if values:
        narrow("agency_countries", values)


def _clear_focus() -> None:
    st.session_state.pop(FOCUS, None)


store = get_store()
filters = render_filters(store)
follow_request()

st.title("Co-occurrence")
st.caption(f"Showing: {md_escape(filters.describe())}")

left, middle, right = st.columns([2, 2, 1])
window = left.radio("Named together in the", options=list(WINDOWS), format_func=WINDOWS.get, horizontal=True,
                    key="cooc-window")
measure = middle.radio("Measure", options=list(MEASURES), format_func=MEASURES.get, horizontal=True,
                       key="cooc-measure", help=MEASURE_HELP)
top = right.slider("Agencies at most", min_value=5, max_value=50, value=25, step=5, key="cooc-top")

pairs = cached(cooccurrence.pairs, filters, window=window)
if pairs.empty:
    st.info(f"No two agencies are named in the same {window} in the articles that match the filters. "
            "Try a wider window (paragraph or article) or clear some filters.")
    st.stop()

st.plotly_chart(
    charts.pair_heatmap(cooccurrence.matrix(pairs, measure, top=top), measure=measure, axis_label="Agency",
                        value_label=MEASURES[measure], title=f"Agency × agency ({MEASURES[measure]}, {window})"),
    key=HEATMAP, on_select=_from_matrix, selection_mode=("points", "box"), width="stretch",
)
# The graphs reuse the pairs above; the whole one only for the downloads, when clicked.
nodes = cooccurrence.nodes_of(cached(entity_counts, filters))  # the Overview's counts, cached
colors = country_colors(cached(filter_options)["agency_countries"]["value"])  # as on every page
st.plotly_chart(charts.network(cooccurrence.top_graph(nodes, pairs, top), max_nodes=top,
                               title=f"Agency network ({window})", colors=colors), key=NETWORK,
                on_select=lambda: _focus_from(NETWORK), selection_mode="points", width="stretch")
st.caption("Click a cell, an agency or the dot in the middle of a link to list the sentences behind it; with "
           "the matrix's Box select tool (in its toolbar), drag over cells to filter every page to their agencies. "
           "Node size: articles naming the agency; link width: how often the two are named together."
           + (" Same happening: agencies taking part in one story (one happening, however many articles report "
              "it) count once for it." if window == "happening" else ""))

focus = st.session_state.get(FOCUS)
if focus:
    a, b = focus
    st.subheader("Evidence: " + md_escape(f"{a} and {b}" if b else a))
    found = cached(cooccurrence.evidence, filters, a, b, window=window)
    if found.empty:
        st.info("No sentence in view names them together with the current window and filters.")
    else:
        table_with_downloads(found, name="evidence", key="cooc-evidence")
        article_opener(found, key="cooc-article")
    one, two, _ = st.columns([2, 1, 3])
    one.button(md_escape(f"Filter every page to {a}" + (f" or {b}" if b else "")), key="cooc-narrow",
               on_click=narrow, args=("agencies", [v for v in (a, b) if v]), icon=":material/filter_alt:")
    two.button("Clear selection", key="cooc-clear", on_click=_clear_focus)

st.subheader("Countries cooperating")
countries = cached(cooccurrence.country_pairs, filters, window="happening" if window == "happening" else "article")
country_table = charts.square_table(countries, "articles", top=top)
st.plotly_chart(
    charts.pair_heatmap(country_table, measure="articles", axis_label="Agency country", value_label="Articles",
                        title="Country × country: happenings with agencies of both" if window == "happening"
                        else "Country × country: articles naming agencies of both",
                        names={c: country_name(c) for c in country_table.index},
                        hover_names={c: country_label(c) for c in country_table.index}),
    key=COUNTRIES, on_select=_narrow_countries, selection_mode=("points", "box"), width="stretch",
)
st.caption("Click a cell, or drag over cells with the Box select tool (in the chart's toolbar), to filter every "
           "page to agencies of those countries.")

st.subheader("Pairs")
table_with_downloads(pairs, name=f"agency-pairs-{window}", key="cooc-pairs")
st.write("The network, for Gephi, yEd or Cytoscape:")
with st.container(horizontal=True):
    # Built on click, like every download: the whole graph costs nothing until asked for.
    def graph() -> nx.Graph:
        return cooccurrence.graph_of(nodes, pairs)

    st.download_button("GEXF", data=lambda: to_gexf_bytes(graph()), file_name=f"agency-network-{window}.gexf",
                       mime="application/xml", key="cooc-gexf")
    st.download_button("GraphML", data=lambda: to_graphml_bytes(graph()),
                       file_name=f"agency-network-{window}.graphml", mime="application/xml", key="cooc-graphml")
    st.download_button("Edge list CSV", data=lambda: to_csv_bytes(nx.to_pandas_edgelist(graph())),
                       file_name=f"agency-edges-{window}.csv", mime="text/csv", key="cooc-edges")
