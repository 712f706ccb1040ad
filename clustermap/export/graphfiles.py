"""``network.graphml`` and ``network.gexf``: the analysed network for Gephi and other tools.

Every firm carries every column of ``firms.csv`` (a missing value is left out, since
networkx's writers refuse ``None`` and NaN), every tie its weight and relation layers. The
GEXF file also carries the map's positions, colours and sizes, so Gephi opens the same
picture. Both files are byte-identical for the same analysis.
"""

from __future__ import annotations

import io
import math
import re
from typing import TYPE_CHECKING, Any

import networkx as nx

from clustermap.export.colours import community_colour, rgb

if TYPE_CHECKING:
    from clustermap.api import Analysis

__all__ = ["gexf_bytes", "graphml_bytes"]

_SCALE = 70  # layout units -> Gephi coordinates, as on the map
_DATE = re.compile(rb' lastmodifieddate="[^"]*"')


def _export_graph(analysis: Analysis, *, visual: bool) -> nx.DiGraph:
    G: nx.DiGraph = nx.DiGraph()
    top = max((float(b) for b in analysis.firms["betweenness"]), default=0.0) or 1.0
    for row in analysis.firms.to_dict("records"):
        firm = str(row.pop("firm"))
        attributes = {str(key): _plain(value) for key, value in row.items()}
        attributes = {key: value for key, value in attributes.items() if value is not None}
        if visual:
            x, y = analysis.positions[firm]
            r, g, b = rgb(community_colour(attributes.get("community")))
            attributes["viz"] = {
                "position": {"x": round(x * _SCALE, 1), "y": round(-y * _SCALE, 1), "z": 0.0},
                "color": {"r": r, "g": g, "b": b, "a": 1.0},
                "size": round(10 + 30 * math.sqrt(float(row["betweenness"]) / top), 2),
            }
        G.add_node(firm, label=firm, **attributes)
    for supplier, customer, data in analysis.graph.edges(data=True):
        G.add_edge(
            str(supplier),
            str(customer),
            weight=float(data.get("weight", 1.0)),
            relation=str(data.get("relation", "")),
        )
    return G


def _plain(value: Any) -> Any:
    """A value GraphML and GEXF can hold: Python scalars, nothing for missing values."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is not None and type(value).__name__ == "NAType":
        return None
    return value if isinstance(value, bool | int | float | str) else str(value)


def graphml_bytes(analysis: Analysis) -> bytes:
    """The network as GraphML (UTF-8).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clustermap.api import AnalysisOptions, analyze
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer,weight\\nA,B,2\\nB,C,1\\n")
    >>> result = analyze(path, options=AnalysisOptions(nulls=0))
    >>> G = nx.read_graphml(io.BytesIO(graphml_bytes(result)))
    >>> sorted(G.edges(data="weight")), G.nodes["B"]["in_degree"]
    ([('A', 'B', 2.0), ('B', 'C', 1.0)], 1)
    """
    buffer = io.BytesIO()
    nx.write_graphml(_export_graph(analysis, visual=False), buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf_bytes(analysis: Analysis) -> bytes:
    """The network as GEXF 1.2 (UTF-8), with the map's positions, colours and sizes.

    The file's modification date is left out, so the same analysis gives the same bytes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clustermap.api import AnalysisOptions, analyze
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer\\nA,B\\nB,C\\n")
    >>> G = nx.read_gexf(io.BytesIO(gexf_bytes(analyze(path, options=AnalysisOptions(nulls=0)))))
    >>> sorted(G.nodes), "viz" in G.nodes["A"]
    (['A', 'B', 'C'], True)
    """
    buffer = io.BytesIO()
    nx.write_gexf(_export_graph(analysis, visual=True), buffer, encoding="utf-8")
    return _DATE.sub(b"", buffer.getvalue())
