"""``map.html``: the interactive cluster map, one self-contained offline file.

The only user of pyvis, which ships the vis-network library (9.1.2, Apache-2.0 OR MIT)
that the page embeds. The nodes and edges are built here (pyvis's ``add_edge`` is
quadratic in the number of ties), and the page itself comes from clustermap's own
template, because every pyvis template loads Bootstrap or vis-network from a CDN and
inserts some strings unescaped (pyvis issues #228, #229; see DEPENDENCY-NOTES). Here:

* everything is inlined: the page makes no request at all, and a Content-Security-Policy
  allows only its own scripts (by hash) and styles;
* survey text reaches the page only as JSON inside a non-executed
  ``<script type="application/json">`` block (``<``, ``>``, ``&`` escaped), as
  autoescaped HTML text, or through ``textContent`` - never as markup;
* positions are computed in Python (seeded) and physics is off, so the picture is the
  same every time the page opens.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import jinja2
import pandas as pd

from clustermap.export.colours import OTHER_COLOUR, PALETTE, community_colour
from clustermap.graph.build import canonical_nodes
from clustermap.survey.names import strip_legal_form

if TYPE_CHECKING:
    from clustermap.api import Analysis

__all__ = ["map_html"]

_SCALE = 70  # layout units -> vis-network pixels
_VIS = files("pyvis") / "templates" / "lib" / "vis-9.1.2"
_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("clustermap.export", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def _community(row: Any) -> int | None:
    value = row["community"]
    return None if value is None or pd.isna(value) else int(value)


def _display(value: Any) -> str:
    """A figure as shown to people: 4 significant digits, large numbers in full.

    >>> _display(0.123456), _display(2500000.0), _display(7)
    ('0.1235', '2,500,000', '7')
    """
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def map_html(analysis: Analysis, *, title: str) -> str:
    """Render the interactive map of an analysis as one HTML document.

    Node colour = community, node size = betweenness, diamond = core firm, arrows =
    supply direction, edge width = tie weight; labels drop legal forms ("Ltd. Şti.") to
    stay readable, tooltips and the details panel give the full name; a legend, a firm
    search and a details panel for the clicked firm.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clustermap.api import analyze
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer\\n<b>A</b>,B\\nB,C\\n")
    >>> page = map_html(analyze(path), title="ties.csv")
    >>> "<b>A</b>" in page, "http://" in page.split("<script>")[0]
    (False, False)
    """
    nodes, edges = _network_data(analysis)
    data = {"nodes": nodes, "edges": edges, "firms": _firm_details(analysis), **_views(analysis)}
    scripts = [
        _VIS.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
        (files("clustermap.export") / "templates" / "map.js").read_text(encoding="utf-8"),
    ]
    summary = analysis.summary
    return _ENVIRONMENT.get_template("map.html").render(
        title=title,
        data_json=_script_json(data),
        scripts=scripts,
        script_hashes=[_csp_hash(script) for script in scripts],
        vis_css=_VIS.joinpath("vis-network.css").read_text(encoding="utf-8"),
        network=summary["network"],
        legend=_legend(analysis),
        communities=analysis.communities.count,
        relation=analysis.survey.relation,
        core_size=summary["core_periphery"]["core_size"],
        fit=summary["core_periphery"]["fit"],
    )


def _network_data(analysis: Analysis) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    G = analysis.graph
    order = canonical_nodes(G)
    index = {firm: number for number, firm in enumerate(order)}
    table = analysis.firms.set_index("firm")
    size = dict(zip(order, _sizes(_size_measures(analysis.firms)["degree"]), strict=True))
    nodes = []
    for firm in order:
        row = table.loc[firm]
        x, y = analysis.positions[firm]
        is_core = row["cp_class"] == "core"
        nodes.append(
            {
                "id": index[firm],
                "label": strip_legal_form(str(firm)),
                "title": _tooltip(firm, row),
                "color": community_colour(_community(row)),
                "shape": "diamond" if is_core else "dot",
                "size": size[firm],
                "x": round(x * _SCALE, 1),
                "y": round(y * _SCALE, 1),
                "borderWidth": 3 if is_core else 1,
            }
        )
    heaviest = max((w for _, _, w in G.edges(data="weight", default=1.0)), default=1.0)
    edges = [
        {
            "from": index[supplier],
            "to": index[customer],
            "arrows": "to",
            "width": round(1 + 5 * float(data.get("weight", 1.0)) / heaviest, 2),
            "title": f"{supplier} → {customer}: weight "
            f"{_display(float(data.get('weight', 1.0)))} ({data.get('relation', '')})",
        }
        for supplier, customer, data in G.edges(data=True)
    ]
    # vis-network's own data, built here: pyvis's add_edge scans every edge added before
    # (quadratic: 28 s for 20,000 firms), and the page filters ties by id
    edges.sort(key=lambda edge: (edge["from"], edge["to"]))
    for number, edge in enumerate(edges):
        edge["id"] = number
    return nodes, edges


#: What the map can colour firms by, and the firm-table column behind each.
COLOUR_BY = {
    "community": "community",
    "sector": "sector",
    "actor_class": "actor_class",
    "core": "cp_class",
}
#: What the map can size firms by.
SIZE_BY = ("degree", "betweenness", "coreness")


def _views(analysis: Analysis) -> dict[str, Any]:
    """Per node id: its category in each colour-by view, its colour and its size per measure;
    per view: its legend rows; per edge: its relation layers. The page switches between them
    without recomputing."""
    table = analysis.firms  # rows in canonical order, as the node ids
    categories: dict[str, list[str]] = {}
    colours: dict[str, dict[str, str]] = {}
    legends: dict[str, list[list[Any]]] = {}
    for view, column in COLOUR_BY.items():
        if column not in table:
            continue
        if view == "community":
            numbers = [
                None if value is None or pd.isna(value) else int(value) for value in table[column]
            ]
            labels = ["No ties" if n is None else f"Community {n}" for n in numbers]
            ordered = [f"Community {n}" for n in sorted({n for n in numbers if n is not None})]
            ordered += ["No ties"] if None in numbers else []
            palette = {
                label: community_colour(None if label == "No ties" else int(label.split()[1]))
                for label in ordered
            }
        else:
            labels = [
                "—"
                if value is None or (isinstance(value, float) and math.isnan(value))
                else str(value)
                for value in table[column]
            ]
            counts = pd.Series(labels).value_counts()
            ordered = sorted(counts.index, key=lambda label: (-counts[label], label))
            palette = {
                label: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR
                for i, label in enumerate(ordered)
            }
        categories[view] = labels
        colours[view] = palette
        legends[view] = _view_legend(ordered, palette, labels)
    sizes = {measure: _sizes(values) for measure, values in _size_measures(table).items()}
    order = {firm: i for i, firm in enumerate(canonical_nodes(analysis.graph))}
    relations = [
        str(data.get("relation", "")).split(";")
        for _, _, data in sorted(
            analysis.graph.edges(data=True), key=lambda e: (order[e[0]], order[e[1]])
        )
    ]
    return {
        "categories": categories,
        "colours": colours,
        "legends": legends,
        "sizes": sizes,
        "relations": relations,
    }


def _tooltip(firm: Any, row: Any) -> str:
    """Plain-text tooltip; vis-network shows a string title as text, never as HTML."""
    lines = [
        str(firm),
        f"{_community_name(_community(row))} · {row['cp_class']}",
        f"Suppliers {int(row['in_degree'])} · customers {int(row['out_degree'])}",
        f"Betweenness {float(row['betweenness']):.3f} · coreness {float(row['coreness']):.3f}",
    ]
    for attribute in ("sector", "actor_class", "region"):
        value = row.get(attribute)
        if isinstance(value, str) and value:
            lines.append(f"{attribute.replace('_', ' ').capitalize()}: {value}")
    return "\n".join(lines)


def _firm_details(analysis: Analysis) -> list[list[list[str]]]:
    """Label/value pairs shown in the details panel (every column of firms.csv), by node id."""
    details = []
    for row in analysis.firms.to_dict("records"):
        pairs = []
        for name, value in row.items():
            if value is None or pd.isna(value):
                continue
            pairs.append([str(name), _display(value)])
        details.append(pairs)
    return details


def _legend(analysis: Analysis) -> list[dict[str, Any]]:
    """One legend entry per coloured community, then the grey ones grouped."""
    table = analysis.firms
    sizes = analysis.communities.sizes
    legend = []
    for community, size in enumerate(sizes[: len(PALETTE)]):
        members = table[table["community"] == community]
        leader = members.sort_values("betweenness", ascending=False, kind="stable")["firm"]
        legend.append(
            {
                "text": f"{_community_name(community)} · {_firms(size)} · "
                f"{strip_legal_form(str(leader.iloc[0]))}",
                "colour": community_colour(community),
            }
        )
    if len(sizes) > len(PALETTE):
        smaller = sizes[len(PALETTE) :]
        legend.append(
            {
                "text": f"{len(smaller)} smaller communities · {_firms(sum(smaller))}",
                "colour": OTHER_COLOUR,
            }
        )
    if analysis.communities.isolates:
        legend.append(
            {"text": f"No ties · {_firms(analysis.communities.isolates)}", "colour": OTHER_COLOUR}
        )
    return legend


def _community_name(community: int | None) -> str:
    return "No ties (no community)" if community is None else f"Community {community}"


def _firms(count: int) -> str:
    return f"{count} firm{'' if count == 1 else 's'}"


def _script_json(data: Any) -> str:
    """JSON that cannot end its ``<script>`` element or open markup inside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _size_measures(table: pd.DataFrame) -> dict[str, Any]:
    """What firms can be sized by, the number of partners first (the default)."""
    return {
        "degree": (table["in_degree"] + table["out_degree"]).astype(float),
        "betweenness": table["betweenness"],
        "coreness": table["coreness"],
    }


def _sizes(values: Any) -> list[float]:
    top = max(float(values.max()), 1e-12) if len(values) else 1.0
    return [round(10 + 30 * math.sqrt(max(float(v), 0.0) / top), 2) for v in values]


def _view_legend(ordered: list[str], palette: dict[str, str], labels: list[str]) -> list[list[Any]]:
    """Legend rows [text, colour] in order; the grey categories beyond the palette share one."""
    counts = pd.Series(labels).value_counts()
    grey = [label for label in ordered if palette[label] == OTHER_COLOUR and label != "No ties"]
    rows = [
        [f"{label} · {_firms(int(counts[label]))}", palette[label]]
        for label in ordered
        if label not in grey
    ]
    if grey:
        rows.append(
            [f"{len(grey)} more · {_firms(int(sum(counts[g] for g in grey)))}", OTHER_COLOUR]
        )
    return rows
