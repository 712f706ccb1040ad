"""``map.html``: the interactive cluster map, one self-contained offline file.

The only user of pyvis, which ships the vis-network library (9.1.2, Apache-2.0 OR MIT)
that the page embeds. The nodes and edges are built here (pyvis's ``add_edge`` is
quadratic in the number of ties), and the page itself comes from clustermap's own
template, because every pyvis template loads Bootstrap or vis-network from a CDN and
inserts some strings unescaped (pyvis issues #228, #229; see the README, "Dependencies,
and why"). Here:

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
import networkx as nx
import numpy as np
import pandas as pd

from clustermap.export import words
from clustermap.export.colours import OTHER_COLOUR, PALETTE, community_colour
from clustermap.export.labels import (
    CIRCLE_FONT,
    FIT_HEIGHT,
    FIT_WIDTH,
    LABEL_PIXELS,
    LETTER_WIDTH,
    label_text,
    place_labels,
)
from clustermap.export.map_text import TEXT
from clustermap.turkish import strip_legal_form

if TYPE_CHECKING:
    from clustermap.api import Analysis

__all__ = ["MAP_FIRM_LIMIT", "map_html"]

#: Up to this many firms the map draws every firm and tie (interactive in about 2 seconds in
#: headless Chromium at 2,000 firms, 5 seconds at 5,000: benchmarks/README.md); above it, an
#: overview (:func:`_overview_data`), interactive in about a second at any size.
MAP_FIRM_LIMIT = 2_000
#: The overview's circles: the largest communities, one circle each ...
OVERVIEW_COMMUNITIES = 60
#: ... and firms drawn one by one: the core (highest coreness first) and the leaders by
#: betweenness and by number of partners, at most this many in all.
OVERVIEW_FIRMS = 150
#: Links between circles drawn (the most ties first), and circles linked to each firm shown.
OVERVIEW_LINKS, OVERVIEW_FIRM_LINKS = 400, 3

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


def _display(value: Any, lang: str = "en") -> str:
    """A figure as shown to people: 4 significant digits, large numbers in full, in the
    page's number format; yes and no, core and periphery, actor classes in its words.

    >>> _display(0.123456), _display(2500000.0), _display(7), _display(0.123456, "tr")
    ('0.1235', '2,500,000', '7', '0,1235')
    >>> _display(True, "tr"), _display("periphery", "tr"), _display("supporting_firm", "tr")
    ('evet', 'Çevre', 'Destekleyici firma')
    """
    if isinstance(value, bool):
        return words.term("yes" if value else "no", lang)
    if isinstance(value, float):
        if abs(value) >= 1000:
            return words.number(value, lang, 0)
        return words.number(float(f"{value:.4g}"), lang, _decimals(value))
    if value in ("core", "periphery"):
        return words.term(str(value), lang)
    return words.actor_class(value, lang) if isinstance(value, str) else str(value)


def _decimals(value: float) -> int:
    """The decimals of ``value`` written with 4 significant digits (``0.1235``: 4)."""
    text = f"{value:.4g}"
    if "e" in text:
        return 6
    return len(text.split(".")[1]) if "." in text else 0


def map_html(analysis: Analysis, *, title: str, lang: str = "en") -> str:
    """Render the interactive map of an analysis as one HTML document.

    Node colour = community, node size = betweenness, diamond = core firm, arrows =
    supply direction, edge width = tie weight; labels drop legal forms ("Ltd. Şti.") to
    stay readable, tooltips and the details panel give the full name; a legend, a firm
    search and a details panel for the clicked firm. Every word and number of the page is
    in ``lang`` ("en" or "tr").

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
    overview = len(analysis.firms) > MAP_FIRM_LIMIT
    if overview:
        data = _overview_data(analysis, lang)
    else:
        nodes, edges = _network_data(analysis, lang)
        data = {
            "nodes": nodes,
            "edges": edges,
            "firms": _firm_details(analysis, lang),
            **_views(analysis, lang),
        }
    data["words"] = {**TEXT[lang]["script"], "relations": words.RELATIONS[lang]}
    scripts = [
        _VIS.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
        (files("clustermap.export") / "templates" / "map.js").read_text(encoding="utf-8"),
    ]
    summary = analysis.summary
    network = summary["network"]
    fit = summary["core_periphery"]["fit"]
    return _ENVIRONMENT.get_template("map.html").render(
        lang=lang,
        t=TEXT[lang],
        terms=words.TERMS[lang],
        title=title,
        data_json=_script_json(data),
        scripts=scripts,
        script_hashes=[_csp_hash(script) for script in scripts],
        vis_css=_VIS.joinpath("vis-network.css").read_text(encoding="utf-8"),
        legend=_legend(analysis, lang),
        relation=words.relation(analysis.survey.relation, lang)
        if analysis.survey.relation
        else None,
        figures=TEXT[lang]["figures"].format(
            firms=words.count(network["firms"], lang, "firm"),
            ties=words.count(network["ties"], lang, "tie"),
            density=words.number(network["density"] or 0, lang),
            communities=words.count(analysis.communities.count, lang, "community"),
            core=words.count(summary["core_periphery"]["core_size"], lang, "firm"),
        )
        + ("" if fit is None else TEXT[lang]["fit"].format(fit=words.number(fit, lang))),
        overview_note=TEXT[lang]["overview"].format(
            firms=words.integer(network["firms"], lang),
            circles=words.integer(
                sum(1 for node in data["nodes"] if node.get("kind") == "community"), lang
            ),
            shown=words.integer(
                sum(1 for node in data["nodes"] if node.get("kind") == "firm"), lang
            ),
        )
        if overview
        else "",
        firms_label=words.count(network["firms"], lang, "firm"),
    )


def _overview_data(analysis: Analysis, lang: str) -> dict[str, Any]:
    """The map of a network too large to draw firm by firm.

    One circle per large community (sized by its firms, at the mean position of its
    members), linked by the number of ties between them; the core firms and the leading
    brokers and hubs drawn one by one, with their ties among themselves and to the
    communities they trade with most. Details, search and filters work as on the full map.
    """

    table = analysis.firms  # canonical order: row i is matrix row i
    n = len(table)
    community = table["community"].to_numpy(dtype=float, na_value=np.nan)
    sizes = analysis.communities.sizes
    shown = min(OVERVIEW_COMMUNITIES, len(sizes))
    circle = np.where(np.isnan(community) | (community >= shown), -1, community).astype(int)
    featured = _featured_firms(table)
    where = np.full(n, -1)
    where[featured] = shown + np.arange(len(featured))
    nodes: list[dict[str, Any]] = []
    details: list[list[list[str]]] = []
    labels: list[str] = []
    core = table["cp_class"].to_numpy() == "core"
    betweenness = table["betweenness"].to_numpy()
    for number in range(shown):
        members = np.flatnonzero(community == number)
        leaders = members[np.argsort(-betweenness[members], kind="stable")[:3]]
        nodes.append(
            {
                "id": number,
                "label": _community_name(number, lang),  # its firms: the title and legend
                "title": TEXT[lang]["circle"].format(
                    community=_community_name(number, lang),
                    firms=_firms(len(members), lang),
                    core=words.integer(int(core[members].sum()), lang),
                ),
                "color": community_colour(number),
                "shape": "dot",
                "kind": "community",
                "font": {"strokeWidth": 4},  # the size: place_labels
            }
        )
        details.append(
            [
                [
                    _column("community", lang),
                    f"{_community_name(number, lang)} · {_firms(len(members), lang)}",
                ],
                [TEXT[lang]["core_firms"], words.integer(int(core[members].sum()), lang)],
                [
                    TEXT[lang]["leading_brokers"],
                    "; ".join(str(table["firm"].iat[i]) for i in leaders),
                ],
            ]
        )
        labels.append(_community_name(number, lang))
    rows = table.iloc[featured]
    for position, row in enumerate(rows.to_dict("records")):
        is_core = row["cp_class"] == "core"
        nodes.append(
            {
                "id": shown + position,
                "label": label_text(row["firm"]),
                "title": _tooltip(row["firm"], row, lang),
                "color": community_colour(_community(row)),
                "shape": "diamond" if is_core else "dot",
                "borderWidth": 3 if is_core else 1,
                "kind": "firm",
            }
        )
        details.append(
            [
                [_column(str(name), lang), _display(value, lang)]
                for name, value in row.items()
                if not _missing(value)
            ]
        )
        labels.append(_community_name(_community(row), lang))
    ties = analysis.network.adjacency(weight=None).tocoo()
    edges = _overview_links(ties.row, ties.col, circle, where, shown, lang)
    partners = (table["in_degree"] + table["out_degree"]).to_numpy(dtype=float)
    circle_sizes = [len(np.flatnonzero(community == c)) for c in range(shown)]
    size = [round(25 + 50 * math.sqrt(s / max(circle_sizes)), 2) for s in circle_sizes]
    size += [round(value * 0.6, 2) for value in _sizes(pd.Series(partners[featured]))]
    for node, value in zip(nodes, size, strict=True):
        node["size"] = value
    # its own seeded layout: the circles apart, each featured firm beside its community
    between = [edge for edge in edges if edge["from"] < shown and edge["to"] < shown]
    letters = [max(map(len, node["label"].split("\n"))) for node in nodes[:shown]]
    centres = _circle_layout(size[:shown], letters, between, analysis.options.seed)
    homes = circle[featured]
    positions = _overview_positions(centres, size, homes, _RING)
    for node, value, (x, y) in zip(nodes, size, positions, strict=True):
        node["size"], node["x"], node["y"] = value, round(x, 1), round(y, 1)
    place_labels(nodes, list(range(len(nodes))))  # the circles first, then the core
    ordered = [_community_name(c, lang) for c in range(shown)]
    ordered += [label for label in dict.fromkeys(labels) if label not in ordered]
    palette = {label: _label_colour(label) for label in ordered}
    return {
        "nodes": nodes,
        "edges": edges,
        "firms": details,
        "categories": {"community": labels},
        "colours": {"community": palette},
        "legends": {"community": _view_legend(ordered, palette, labels, lang)},
        "sizes": {"overview": size},
        "relations": [[] for _ in edges],
        "overview": True,
    }


def _circle_layout(
    radius: list[float], letters: list[int], links: list[dict[str, Any]], seed: int
) -> np.ndarray:
    """Centres of the community circles, in the network's units (about a screen's pixels):
    a seeded spring layout of the circles and the ties between them, spread over a
    screen, then pushed apart until no two circles overlap with their room: the firms drawn
    around them, and their labels of ``letters`` letters."""
    count = len(radius)
    if count == 0:
        return np.zeros((0, 2))
    picture: nx.Graph = nx.Graph()
    picture.add_nodes_from(range(count))
    for edge in links:
        picture.add_edge(edge["from"], edge["to"], weight=math.log1p(edge["ties"]))
    layout = nx.spring_layout(picture, seed=seed, weight="weight", k=2 / math.sqrt(count))
    centres = np.array([layout[c] for c in range(count)], dtype=float)
    centres *= np.array([FIT_WIDTH, FIT_HEIGHT]) / 2.4  # [-1, 1] -> most of a screen
    label = np.array(letters) * CIRCLE_FONT * LABEL_PIXELS * LETTER_WIDTH / 2
    room = np.maximum(np.array(radius) + 2 * _RING, label + _RING / 2)
    for _ in range(500):  # relax: each overlapping pair moves apart along its line
        gap = centres[:, None, :] - centres[None, :, :]
        distance = np.hypot(gap[..., 0], gap[..., 1])
        need = room[:, None] + room[None, :]
        np.fill_diagonal(need, 0.0)
        short = np.where(distance < need, need - distance, 0.0)
        if not short.any():
            break
        # coinciding centres move apart along a fixed direction per pair
        direction = np.where(distance[..., None] > 1e-9, gap, np.array([1.0, 0.5]))
        length = np.hypot(direction[..., 0], direction[..., 1])[..., None]
        centres += (direction / length * short[..., None] / 2).sum(axis=1)
    return centres


#: Distance from a community circle's edge to the firms drawn around it.
_RING = 45.0


def _overview_positions(
    centres: np.ndarray, size: list[float], homes: np.ndarray, ring: float
) -> list[tuple[float, float]]:
    """Positions of the overview's nodes: the circles at ``centres``; each featured firm on
    a ring ``ring`` beyond its community's circle (``homes``: its circle, -1 for none drawn),
    evenly spread; firms of no drawn community in a row beneath everything."""
    shown = len(centres)
    positions = [(float(x), float(y)) for x, y in centres]
    bottom = float((centres[:, 1] + np.array(size[:shown])).max()) if shown else 0.0
    left = float((centres[:, 0] - np.array(size[:shown])).min()) if shown else 0.0
    placed = dict.fromkeys(range(shown), 0)
    around = {c: int((homes == c).sum()) for c in range(shown)}
    outside = 0
    for home in homes.tolist():
        if home < 0:
            positions.append((left + 1.4 * ring * outside, bottom + 3 * ring))
            outside += 1
            continue
        angle = 2 * math.pi * placed[home] / max(around[home], 1) - math.pi / 2
        reach = size[home] + ring * (1.0 if placed[home] % 2 == 0 else 1.6)
        x, y = centres[home]
        positions.append((float(x + reach * math.cos(angle)), float(y + reach * math.sin(angle))))
        placed[home] += 1
    return positions


def _featured_firms(table: pd.DataFrame) -> np.ndarray:
    """Rows of the firms the overview draws one by one, in canonical order."""
    core = table.index[table["cp_class"] == "core"]
    by_coreness = table.loc[core].sort_values("coreness", ascending=False, kind="stable")
    partners = table["in_degree"] + table["out_degree"]
    picked = list(by_coreness.index[: OVERVIEW_FIRMS // 2])
    leaders = [
        table.sort_values("betweenness", ascending=False, kind="stable").index,
        partners.sort_values(ascending=False, kind="stable").index,
    ]
    for position in range(len(table)):
        if len(picked) >= OVERVIEW_FIRMS:
            break
        for ranking in leaders:
            if ranking[position] not in picked and len(picked) < OVERVIEW_FIRMS:
                picked.append(ranking[position])
    return np.array(sorted(table.index.get_indexer(pd.Index(picked))), dtype=int)


def _overview_links(
    rows: np.ndarray,
    cols: np.ndarray,
    circle: np.ndarray,
    where: np.ndarray,
    shown: int,
    lang: str = "en",
) -> list[dict[str, Any]]:
    """Edges of the overview: ties between drawn firms, then circle-to-circle and
    firm-to-circle links weighted by their number of ties."""
    source = np.where(where[rows] >= 0, where[rows], circle[rows])
    target = np.where(where[cols] >= 0, where[cols], circle[cols])
    keep = (source >= 0) & (target >= 0) & (source != target)
    source, target = source[keep], target[keep]
    pairs, counts = np.unique(source * (len(where) + shown) + target, return_counts=True)
    ends = np.stack(np.divmod(pairs, len(where) + shown), axis=1)
    firm_firm = (ends[:, 0] >= shown) & (ends[:, 1] >= shown)
    circles = (ends[:, 0] < shown) & (ends[:, 1] < shown)
    chosen = list(np.flatnonzero(firm_firm))
    by_count = np.argsort(-counts, kind="stable")
    chosen += [i for i in by_count if circles[i]][:OVERVIEW_LINKS]
    per_firm: dict[int, int] = {}
    for i in by_count:
        if firm_firm[i] or circles[i]:
            continue
        firm = int(ends[i, 0] if ends[i, 0] >= shown else ends[i, 1])
        if per_firm.get(firm, 0) < 2 * OVERVIEW_FIRM_LINKS:  # to and from the circles
            per_firm[firm] = per_firm.get(firm, 0) + 1
            chosen.append(i)
    heaviest = max((float(counts[i]) for i in chosen), default=1.0)
    edges: list[dict[str, Any]] = []
    for i in sorted(chosen, key=lambda i: (int(ends[i, 0]), int(ends[i, 1]))):
        ties = int(counts[i])
        edges.append(
            {
                "id": len(edges),
                "from": int(ends[i, 0]),
                "to": int(ends[i, 1]),
                "arrows": "to",
                "width": round(1 + 7 * math.sqrt(ties / heaviest), 2),
                "title": words.count(ties, lang, "tie"),
                "ties": ties,
            }
        )
    return edges


def _label_colour(label: str) -> str:
    number = label.split()[-1]
    return community_colour(int(number) if number.isdigit() else None)


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _network_data(
    analysis: Analysis, lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    G = analysis.graph
    order = analysis.network.nodes
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
                "label": label_text(firm),
                "title": _tooltip(firm, row, lang),
                "color": community_colour(_community(row)),
                "shape": "diamond" if is_core else "dot",
                "size": size[firm],
                "x": round(x * _SCALE, 1),
                "y": round(y * _SCALE, 1),
                "borderWidth": 3 if is_core else 1,
            }
        )
    ranking = table.assign(core=table["cp_class"] == "core").reset_index()
    ranking = ranking.sort_values(["core", "coreness", "betweenness"], ascending=False)
    place_labels(nodes, [index[firm] for firm in ranking["firm"]])
    heaviest = max((w for _, _, w in G.edges(data="weight", default=1.0)), default=1.0)
    edges = [
        {
            "from": index[supplier],
            "to": index[customer],
            "arrows": "to",
            "width": round(1 + 5 * float(data.get("weight", 1.0)) / heaviest, 2),
            "title": TEXT[lang]["tie"].format(
                supplier=supplier,
                customer=customer,
                weight=_display(float(data.get("weight", 1.0)), lang),
                relation="; ".join(
                    words.relation(layer, lang)
                    for layer in str(data.get("relation", "")).split(";")
                ),
            ),
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


def _views(analysis: Analysis, lang: str) -> dict[str, Any]:
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
            labels = [_community_name(n, lang) for n in numbers]
            ordered = [
                _community_name(n, lang) for n in sorted({n for n in numbers if n is not None})
            ]
            ordered += [_community_name(None, lang)] if None in numbers else []
            palette = {label: _label_colour(label) for label in ordered}
        else:
            labels = [
                "—"
                if value is None or (isinstance(value, float) and math.isnan(value))
                else _display(value, lang)
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
        legends[view] = _view_legend(ordered, palette, labels, lang)
    sizes = {measure: _sizes(values) for measure, values in _size_measures(table).items()}
    order = analysis.network.index
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


def _tooltip(firm: Any, row: Any, lang: str) -> str:
    """Plain-text tooltip; vis-network shows a string title as text, never as HTML."""
    lines = [
        str(firm),
        f"{_community_name(_community(row), lang)} · {_display(row['cp_class'], lang)}",
        f"{words.term('in_degree', lang)} {words.integer(int(row['in_degree']), lang)} · "
        f"{words.term('out_degree', lang)} {words.integer(int(row['out_degree']), lang)}",
        f"{words.term('betweenness', lang)} {words.number(float(row['betweenness']), lang)} · "
        f"{words.term('coreness', lang)} {words.number(float(row['coreness']), lang)}",
    ]
    for attribute in ("sector", "actor_class", "region"):
        value = row.get(attribute)
        if isinstance(value, str) and value:
            lines.append(f"{words.term(attribute, lang)}: {_display(value, lang)}")
    return "\n".join(lines)


def _firm_details(analysis: Analysis, lang: str) -> list[list[list[str]]]:
    """Label/value pairs shown in the details panel (every column of firms.csv), by node id."""
    details = []
    for row in analysis.firms.to_dict("records"):
        pairs = []
        for name, value in row.items():
            if value is None or pd.isna(value):
                continue
            pairs.append([_column(str(name), lang), _display(value, lang)])
        details.append(pairs)
    return details


def _legend(analysis: Analysis, lang: str) -> list[dict[str, Any]]:
    """One legend entry per coloured community, then the grey ones grouped."""
    table = analysis.firms
    sizes = analysis.communities.sizes
    legend = []
    for community, size in enumerate(sizes[: len(PALETTE)]):
        members = table[table["community"] == community]
        leader = members.sort_values("betweenness", ascending=False, kind="stable")["firm"]
        legend.append(
            {
                "text": f"{_community_name(community, lang)} · {_firms(size, lang)} · "
                f"{strip_legal_form(str(leader.iloc[0]))}",
                "colour": community_colour(community),
            }
        )
    if len(sizes) > len(PALETTE):
        smaller = sizes[len(PALETTE) :]
        legend.append(
            {
                "text": TEXT[lang]["smaller"].format(
                    communities=words.count(len(smaller), lang, "community"),
                    firms=_firms(sum(smaller), lang),
                ),
                "colour": OTHER_COLOUR,
            }
        )
    if analysis.communities.isolates:
        legend.append(
            {
                "text": f"{TEXT[lang]['no_ties']} · {_firms(analysis.communities.isolates, lang)}",
                "colour": OTHER_COLOUR,
            }
        )
    return legend


def _community_name(community: int | None, lang: str = "en") -> str:
    if community is None:
        return TEXT[lang]["no_community"]
    return f"{words.term('community', lang)} {community}"


def _firms(count: int, lang: str = "en") -> str:
    return words.count(count, lang, "firm")


def _column(name: str, lang: str) -> str:
    """A column of firms.csv as the details panel names it."""
    if lang == "tr":
        return words.COLUMNS_TR.get(name, name.replace("_", " "))
    return name.replace("_", " ")


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


def _view_legend(
    ordered: list[str], palette: dict[str, str], labels: list[str], lang: str = "en"
) -> list[list[Any]]:
    """Legend rows [text, colour] in order; the grey categories beyond the palette share one."""
    counts = pd.Series(labels).value_counts()
    alone = _community_name(None, lang)
    grey = [label for label in ordered if palette[label] == OTHER_COLOUR and label != alone]
    rows = [
        [f"{label} · {_firms(int(counts[label]), lang)}", palette[label]]
        for label in ordered
        if label not in grey
    ]
    if grey:
        others = _firms(int(sum(counts[g] for g in grey)), lang)
        rows.append([f"{TEXT[lang]['more'].format(n=len(grey))} · {others}", OTHER_COLOUR])
    return rows
