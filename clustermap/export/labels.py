"""Labels that stay readable from the back of the room: shortened names, placed so that
no two overlap, at least :data:`LABEL_PIXELS` high on a 1920 × 1080 screen."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from clustermap.turkish import strip_legal_form

__all__ = [
    "CIRCLE_FONT",
    "FIT_HEIGHT",
    "FIT_WIDTH",
    "LABEL_LENGTH",
    "LABEL_PIXELS",
    "LETTER_WIDTH",
    "label_text",
    "place_labels",
]

#: Labels on the map are at least this many pixels high on a 1920 × 1080 screen, where the
#: network fills about this much of the window beside the side panel.
LABEL_PIXELS = 15
FIT_WIDTH, FIT_HEIGHT = 1450, 850  # below the header and the overview's note
#: A label's width per letter, as a share of the font size: wide enough for capitals
#: ("ÇAĞTEK"), so that estimated boxes hold the drawn ones.
LETTER_WIDTH = 0.62
#: Letters of a label; longer names end in an ellipsis (the full name on hover).
LABEL_LENGTH = 28
#: Community labels are this much larger than firms' labels.
CIRCLE_FONT = 1.2


def label_text(firm: Any, length: int = LABEL_LENGTH) -> str:
    """A firm's label on the map: its name without the legal form, shortened with an
    ellipsis to ``length`` letters.

    >>> label_text("Şahinoğlu Kompozit Teknolojileri Savunma Sanayi A.Ş.")
    'Şahinoğlu Kompozit Teknoloj…'
    >>> label_text("Anadolu Hassas İşleme San. ve Tic. A.Ş.", 32)
    'Anadolu Hassas İşleme'
    """
    name = strip_legal_form(str(firm))
    return name if len(name) <= length else name[: length - 1].rstrip() + "…"


def place_labels(nodes: list[dict[str, Any]], priority: list[int]) -> None:
    """Keep the labels that fit: in ``priority`` order, a node keeps its label when the
    label's box overlaps none kept before; the others show their name on hover only.

    Every label gets the font size (in the network's units) that draws it at least
    :data:`LABEL_PIXELS` high when the whole network fills a 1920 × 1080 window; vis-network
    draws a label under its node, so its box is estimated from the node's position and
    size, the font size and the number of letters.
    """
    if not nodes:
        return
    x = np.array([node["x"] for node in nodes], dtype=float)
    y = np.array([node["y"] for node in nodes], dtype=float)
    radius = np.array([node["size"] for node in nodes], dtype=float)
    extent = (
        max(float((x + radius).max() - (x - radius).min()), 1.0),
        max(float((y + radius).max() - (y - radius).min()), 1.0),
    )
    scale = min(FIT_WIDTH / extent[0], FIT_HEIGHT / extent[1])
    font = max(14, math.ceil(LABEL_PIXELS / scale))
    cell = 4.0 * font  # a grid of the kept boxes, so each check looks at its neighbours only
    grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    for i in priority:
        node = nodes[i]
        size = round(font * CIRCLE_FONT) if node.get("kind") == "community" else font
        lines = node["label"].split("\n")
        width = max(map(len, lines)) * size * LETTER_WIDTH
        box = (
            x[i] - width / 2,
            y[i] + radius[i],
            x[i] + width / 2,
            y[i] + radius[i] + 1.3 * size * len(lines),
        )
        cells = [
            (cx, cy)
            for cx in range(int(box[0] // cell), int(box[2] // cell) + 1)
            for cy in range(int(box[1] // cell), int(box[3] // cell) + 1)
        ]
        clash = any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for key in cells
            for other in grid.get(key, ())
        )
        if clash or not node["label"]:
            node["label"] = ""
            continue
        node["font"] = {**node.get("font", {}), "size": size}
        for key in cells:
            grid.setdefault(key, []).append(box)
