"""``map.png`` and ``map.svg``: the map's picture for slides, with a title and a legend.

The same seeded layout and community colours as ``map.html``; drawn with matplotlib's
non-interactive Agg backend, so no display is needed. Both files are byte-identical for the
same analysis (no creation date or software version in their metadata, fixed SVG ids).
"""

from __future__ import annotations

import io
import math
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from clustermap.export import words
from clustermap.export.colours import OTHER_COLOUR, PALETTE, community_colour
from clustermap.export.labels import label_text
from clustermap.graph.network import Network

if TYPE_CHECKING:
    from clustermap.api import Analysis

__all__ = ["picture_bytes", "pictures"]

_LABELLED = 15  # label the most central firms only: a slide must stay readable
_LABEL_LENGTH = 32  # letters of a label: longer names push the picture off the slide


def picture_bytes(analysis: Analysis, *, title: str, kind: str, lang: str = "en") -> bytes:
    """The network picture as ``kind`` "png" (200 dpi) or "svg".

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clustermap.api import AnalysisOptions, analyze
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer\\nA,B\\nB,C\\nC,A\\n")
    >>> result = analyze(path, options=AnalysisOptions(nulls=0))
    >>> picture_bytes(result, title="t", kind="png")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    >>> b"<svg" in picture_bytes(result, title="t", kind="svg")[:500]
    True
    """
    return pictures(analysis, title=title, kinds=(kind,), lang=lang)[kind]


def pictures(
    analysis: Analysis, *, title: str, kinds: tuple[str, ...] = ("png", "svg"), lang: str = "en"
) -> dict[str, bytes]:
    """The network picture in each of ``kinds`` ("png", "svg"), drawn once: the same bytes
    as :func:`picture_bytes` gives for each."""
    import matplotlib

    figure, _ = draw_picture(analysis, title=title, lang=lang)
    found = {}
    for kind in kinds:
        buffer = io.BytesIO()
        if kind == "png":
            figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        else:
            with matplotlib.rc_context({"svg.hashsalt": "clustermap"}):  # fixed element ids
                figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        found[kind] = buffer.getvalue()
    return found


#: Resolution of map.png: 2,667 × 1,500 pixels for the 16:9 slide.
DPI = 200
#: Size of the firms' labels, in points: 25 pixels in map.png, 18 on a 1920-pixel screen.
LABEL_POINTS = 9


def draw_picture(analysis: Analysis, *, title: str, lang: str = "en") -> tuple[Any, list[Any]]:
    """The matplotlib figure of the network picture, and the firm labels drawn on it: the
    most connected firms', each left out when it would overlap a label of a more connected
    firm (its box measured by matplotlib's renderer)."""
    # a figure of its own on the Agg canvas, not pyplot's: no display needed, a third less
    # to import, and a notebook's pyplot backend and figures are left alone
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    firms = analysis.firms.set_index("firm")
    positions = analysis.positions
    figure = Figure(figsize=(13.33, 7.5))  # a 16:9 slide
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    axes.set_axis_off()
    partners = firms["in_degree"] + firms["out_degree"]
    top = max(float(partners.max()), 1e-12) if len(firms) else 1.0
    if len(firms) > FIRM_LIMIT:  # the core first, then the most connected firms
        core_first = (firms["cp_class"] != "core").to_numpy()
        ranked = np.lexsort((np.arange(len(firms)), -partners.to_numpy(dtype=float), core_first))
        shown = firms.iloc[np.sort(ranked[:FIRM_LIMIT])]
    else:
        shown = firms
    is_core = (shown["cp_class"] == "core").to_numpy()
    xy = np.array([positions[firm] for firm in shown.index]).reshape(-1, 2)
    sizes = 40 + 400 * np.sqrt(partners[shown.index].to_numpy(dtype=float) / top)
    colours = np.array([community_colour(_community(value)) for value in shown["community"]])
    for core, marker in ((False, "o"), (True, "D")):
        chosen = is_core == core
        if not chosen.any():
            continue
        axes.scatter(
            xy[chosen, 0],
            -xy[chosen, 1],
            s=sizes[chosen],
            c=colours[chosen],
            marker=marker,
            edgecolors="#333333",
            linewidths=1.5 if core else 0.5,
            zorder=3,
        )
    central = partners.sort_values(ascending=False, kind="stable").index[:_LABELLED]
    labels = [
        axes.annotate(
            label_text(firm, _LABEL_LENGTH),
            (positions[firm][0], -positions[firm][1]),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=LABEL_POINTS,
            zorder=4,
        )
        for firm in central
    ]
    axes.legend(
        handles=_legend(analysis, Line2D, lang),
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=9,
        frameon=False,
    )
    network = analysis.summary["network"]
    axes.set_title(
        words.term(
            "picture_title",
            lang,
            title=title,
            firms=words.count(network["firms"], lang, "firm"),
            ties=words.count(network["ties"], lang, "tie"),
            communities=words.count(analysis.communities.count, lang, "community"),
            core=words.count(analysis.summary["core_periphery"]["core_size"], lang, "firm"),
        ),
        fontsize=13,
    )
    with warnings.catch_warnings():
        # "Tight layout not applied": the margins stay as they are; nothing to act on
        warnings.simplefilter("ignore", UserWarning)
        figure.tight_layout()
    # tight_layout leaves a placeholder layout engine, for which every savefig draws the
    # whole figure once more before drawing it (every arrow's path twice): none is needed
    figure.set_layout_engine(None)
    _draw_ties(axes, analysis.network, positions, analysis.ties)
    return figure, _without_overlaps(figure, labels)


def _without_overlaps(figure: Any, labels: list[Any]) -> list[Any]:
    """The labels kept, in order: each one overlapping a label kept before is removed."""
    renderer = figure.canvas.get_renderer()
    kept: list[Any] = []
    boxes: list[Any] = []
    for label in labels:
        box = label.get_window_extent(renderer)
        if any(box.overlaps(other) for other in boxes):
            label.remove()
            continue
        kept.append(label)
        boxes.append(box)
    return kept


def _draw_ties(
    axes: Any, network: Network, positions: dict[Any, tuple[float, float]], ties: pd.DataFrame
) -> None:
    """An arrow per tie, supplier -> customer, stopping short of both firms' markers.

    The ends are pulled in here, once the layout is final, rather than by matplotlib's
    ``shrinkA``/``shrinkB``, which clips every arrow path at every save: five times slower.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.patches import FancyArrowPatch

    if network.ties > ARROW_LIMIT:  # one collection: thousands of arrows are noise
        # from the ties table (in firm order, one row per layer): only the rows drawn are
        # looked up, where the graph would walk every tie
        drawn = np.linspace(0, len(ties) - 1, min(len(ties), LINE_LIMIT)).astype(int)
        ends = zip(
            ties["supplier"].to_numpy()[drawn], ties["customer"].to_numpy()[drawn], strict=True
        )
        segments = np.array([(positions[u], positions[v]) for u, v in ends]) * (1, -1)
        axes.add_collection(
            LineCollection(segments, colors="#9a9a9a", linewidths=0.3, alpha=0.4, zorder=1)  # type: ignore[arg-type]
        )
        return
    axes.set_xlim(axes.get_xlim())  # freeze the limits: the arrows must not move them
    axes.set_ylim(axes.get_ylim())
    to_pixels = axes.transData
    from_pixels = to_pixels.inverted()
    points = axes.figure.dpi / 72
    for supplier, customer in network.graph.edges():
        (x1, y1), (x2, y2) = positions[supplier], positions[customer]
        start, end = to_pixels.transform([(x1, -y1), (x2, -y2)])
        length = math.dist(start, end)
        if length <= (_SHRINK_START + _SHRINK_END) * points:
            continue  # the firms' markers touch: no room for an arrow
        unit = (end - start) / length
        tail, head = from_pixels.transform(
            [start + unit * _SHRINK_START * points, end - unit * _SHRINK_END * points]
        )
        axes.add_artist(  # not add_patch: the limits are frozen, its limit update is waste
            FancyArrowPatch(
                tuple(tail),
                tuple(head),
                arrowstyle="-|>",
                color="#9a9a9a",
                lw=0.6,
                shrinkA=0,
                shrinkB=0,
                mutation_scale=7,
                zorder=1,
            )
        )


#: Above this many ties they are drawn as plain lines, without arrowheads ...
ARROW_LIMIT = 2_000
#: ... and above this many, only this many of them, evenly spread over the supplier order:
#: under the markers of tens of thousands of firms, 20,000 lines at 0.3 points draw the same
#: picture as 100,000 (compared by eye at 100k firms), in half the time of the whole figure.
LINE_LIMIT = 20_000
#: Above this many firms only the core and the most connected firms are drawn (a 16:9 slide
#: at 200 dpi has 4 million pixels: a million markers are a grey cloud, drawn in 40 s).
FIRM_LIMIT = 50_000
_SHRINK_START, _SHRINK_END = 4, 6  # points between a firm's centre and its tie's ends


def _community(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _legend(analysis: Analysis, line: Any, lang: str) -> list[Any]:
    handles = [
        line(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=9,
            markerfacecolor=colour,
            markeredgecolor="#333333",
            label=words.term(
                "legend_community", lang, number=number, firms=words.count(size, lang, "firm")
            ),
        )
        for number, (size, colour) in enumerate(
            zip(analysis.communities.sizes, PALETTE, strict=False)
        )
    ]
    if analysis.communities.count > len(PALETTE) or analysis.communities.isolates:
        handles.append(
            line(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=9,
                markerfacecolor=OTHER_COLOUR,
                markeredgecolor="#333333",
                label=words.term("legend_other", lang),
            )
        )
    handles += [
        line(
            [],
            [],
            marker="D",
            linestyle="",
            markersize=8,
            markerfacecolor="#bbbbbb",
            markeredgecolor="#333333",
            markeredgewidth=1.5,
            label=words.term("core_firm", lang),
        ),
        line(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor="#bbbbbb",
            markeredgecolor="#333333",
            label=words.term("periphery_firm", lang),
        ),
        line(
            [],
            [],
            color="#9a9a9a",
            label=words.term("legend_tie", lang)
            if analysis.network.ties <= ARROW_LIMIT
            else words.term("legend_tie_undirected", lang, limit=words.integer(ARROW_LIMIT, lang))
            if analysis.network.ties <= LINE_LIMIT
            else words.term(
                "legend_ties_sampled",
                lang,
                drawn=words.integer(LINE_LIMIT, lang),
                ties=words.integer(analysis.network.ties, lang),
            ),
        ),
        line(
            [],
            [],
            linestyle="",
            label=words.term("legend_size", lang)
            + (
                words.term(
                    "legend_firms_drawn",
                    lang,
                    drawn=words.integer(FIRM_LIMIT, lang),
                    firms=words.integer(len(analysis.firms), lang),
                )
                if len(analysis.firms) > FIRM_LIMIT
                else ""
            ),
        ),
    ]
    return handles
