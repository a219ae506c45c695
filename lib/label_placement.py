"""Labels beside the points of a chart without covering one another or other points.

Greedy, the most important point first: each label takes the first of its candidate places that
overlaps no label already placed and no other point; a label with no free place is left out (the
point's hover still names it). Sizes are in pixels, estimated from the font, so the chart's scale
in pixels per data unit is needed along each axis.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Plotly text positions, by preference after the caller's first choice; (dx, dy) sides of the point.
PLACES: dict[str, tuple[int, int]] = {
    "top center": (0, 1), "bottom center": (0, -1), "middle right": (1, 0), "middle left": (-1, 0),
    "top right": (1, 1), "top left": (-1, 1), "bottom right": (1, -1), "bottom left": (-1, -1),
}
CHAR_WIDTH = 0.6  # of the font size, for an average character of a sans-serif font
GAP = 2.0  # pixels between a point's edge and its label


@dataclass(frozen=True)
class _Box:
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: "_Box") -> bool:
        return (self.left < other.right and other.left < self.right
                and self.bottom < other.top and other.bottom < self.top)


def _label_box(x: float, y: float, radius: float, width: float, height: float, place: str) -> _Box:
    dx, dy = PLACES[place]
    # The label's centre: beside the point on the chosen sides, centred on it along the others.
    cx = x + dx * (radius + GAP + width / 2)
    cy = y + dy * (radius + GAP + height / 2)
    return _Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def place_labels(points: Sequence[tuple[float, float]], labels: Sequence[str], sizes: Sequence[float], *,
                 px_per_x: float, px_per_y: float, font_size: float = 12,
                 preferred: Sequence[str] | None = None) -> list[str | None]:
    """A plotly text position per point (None: no room for its label), in the points' order.

    `points` are in data units, `sizes` are marker diameters in pixels; points come most important
    first. `preferred` is each label's first choice of place (default "top center").
    """
    pixels = [(x * px_per_x, y * px_per_y) for x, y in points]
    markers = [_Box(x - s / 2, y - s / 2, x + s / 2, y + s / 2) for (x, y), s in zip(pixels, sizes, strict=True)]
    placed: list[_Box] = []
    chosen: list[str | None] = []
    for index, ((x, y), label, size) in enumerate(zip(pixels, labels, sizes, strict=True)):
        width, height = max(1, len(label)) * font_size * CHAR_WIDTH, font_size * 1.25
        first = preferred[index] if preferred else "top center"
        found = None
        for place in (first, *(p for p in PLACES if p != first)):
            box = _label_box(x, y, size / 2, width, height, place)
            if not any(box.overlaps(other) for other in placed) and not any(
                    box.overlaps(marker) for i, marker in enumerate(markers) if i != index):
                found = place
                placed.append(box)
                break
        chosen.append(found)
    return chosen
