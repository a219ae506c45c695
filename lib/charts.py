"""Plotly figures from analytics frames: titled axes, readable labels, one look across pages."""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

TEMPLATE = "plotly_white"


def articles_over_time(frame: pd.DataFrame) -> go.Figure:
    figure = px.bar(frame, x="period", y="articles", template=TEMPLATE,
                    labels={"period": "Publication month", "articles": "Articles"})
    figure.update_layout(title="Articles over time", margin=dict(t=50, l=10, r=10, b=10), height=320)
    return figure


def top_bar(frame: pd.DataFrame, *, label: str, title: str) -> go.Figure:
    """Horizontal bars of entities by article count, the largest on top."""
    ordered = frame.sort_values("articles")
    figure = px.bar(ordered, x="articles", y="id", orientation="h", template=TEMPLATE,
                    hover_data=[c for c in ("name", "country", "mentions") if c in frame.columns],
                    labels={"articles": "Articles", "id": label})
    figure.update_layout(title=title, margin=dict(t=50, l=10, r=10, b=10),
                         height=max(260, 28 * len(frame) + 90))
    figure.update_yaxes(automargin=True)
    return figure
