"""``firm_pages.html``: one printed page per surveyed firm, for the firm's owner.

After a workshop the consultant hands every firm its own position in the cluster: its
community and core/periphery class, its rank on each measure in words a firm owner reads,
its suppliers and customers with their shares, its dependence on one customer, its broker
roles and a small picture of its neighbourhood. One file, a page break per firm, in the
chosen language; no script, every survey string autoescaped (the picture is inline SVG).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast

import jinja2
import pandas as pd

from clustermap.export import words
from clustermap.export.colours import community_colour
from clustermap.export.labels import label_text

if TYPE_CHECKING:
    from clustermap.api import Analysis

__all__ = ["firm_pages_html", "surveyed_firms"]

#: Suppliers and customers listed by name on a page (the rest counted): one page each.
LISTED = 10
#: Partners drawn on each side of the neighbourhood picture.
DRAWN = 8

#: The measures ranked, whether a higher value ranks first, and what each means.
_RANKED = (
    ("in_degree", True),
    ("out_degree", True),
    ("betweenness", True),
    ("pagerank", True),
    ("coreness", True),
    ("constraint", False),
)

_TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Your firm in the cluster",
        "made": "{survey} · made with clustermap {version}",
        "position": "Position",
        "community": "Community {community} of {communities}",
        "no_community": "No community (no ties)",
        "core": "In the core of the cluster: tied densely with the other core firms",
        "periphery": "In the periphery: tied mostly to core firms, less to each other",
        "ranks": "How your firm ranks among the cluster's {firms}",
        "measure": "Measure",
        "value": "Your value",
        "rank": "Rank",
        "rank_of": "{rank} of {firms}",
        "top": "top {share}",
        "bottom": "bottom {share}",
        "meaning": {
            "in_degree": "Suppliers: how many cluster firms supply you",
            "out_degree": "Customers: how many cluster firms buy from you",
            "betweenness": "Broker position: how often you stand between firms that trade",
            "pagerank": "Supply reaching you: how much of the cluster's supply flows to you, "
            "directly or through other firms",
            "coreness": "Closeness to the core: how near you are to the densely tied core",
            "constraint": "Partners tied to each other (low: your partners are independent "
            "of each other, which gives you room to broker)",
        },
        "suppliers": "Your suppliers",
        "customers": "Your customers",
        "partner": "Firm",
        "share": "Share",
        "supplier_share": "Share: of the supplier's sales that go to you.",
        "customer_share": "Share: of your sales that go to the customer.",
        "more": "… and {n} more",
        "none": "none in the survey",
        "dependence": "Dependence on one customer",
        "dependent": "Your largest customer, {customer}, takes {share} of your sales: more "
        "than {threshold}. Losing it would hurt; a second large customer spreads the risk.",
        "not_dependent": "Your largest customer, {customer}, takes {share} of your sales: not "
        "more than {threshold}.",
        "no_customers": "You sell to no firm of the cluster in the survey.",
        "no_shares": "The survey gives no shares of sales, so dependence is not judged.",
        "roles": "Broker roles",
        "role": "Role",
        "times": "Times",
        "roles_intro": "Times you stand between a supplier and a customer that do not trade "
        "directly, by the groups of the three firms (groups: {grouping}):",
        "role_text": {
            "coordinator": "between two firms of your own group",
            "gatekeeper": "bringing an outside supplier's goods into your group",
            "representative": "carrying your group's supply out to another group",
            "consultant": "serving two firms of another group",
            "liaison": "linking two other groups",
        },
        "no_roles": "You do not stand between firms that do not trade directly.",
        "picture": "Your neighbourhood: suppliers (left) and customers (right)",
        "cut_firm": "Your firm links parts of the network that would fall apart without it.",
        "sector": "Sector",
        "actor_class": "Actor class",
    },
    "tr": {
        "title": "Firmanız kümede",
        "made": "{survey} · clustermap {version} ile hazırlandı",
        "position": "Konum",
        "community": "Topluluk {community} ({communities} topluluktan biri)",
        "no_community": "Topluluk yok (bağı yok)",
        "core": "Kümenin merkezinde: öbür merkez firmalarla sıkı bağlı",
        "periphery": "Çevrede: çoğunlukla merkez firmalara bağlı, birbirine daha az",
        "ranks": "Firmanızın kümedeki {firms} arasındaki sırası",
        "measure": "Gösterge",
        "value": "Değeriniz",
        "rank": "Sıra",
        "rank_of": "{firms} arasında {rank}.",
        "top": "en üst {share}",
        "bottom": "en alt {share}",
        "meaning": {
            "in_degree": "Tedarikçiler: kümeden kaç firma size tedarik ediyor",
            "out_degree": "Müşteriler: kümeden kaç firma sizden alıyor",
            "betweenness": "Aracı konumu: ticaret yapan firmaların arasında ne sıklıkla "
            "duruyorsunuz",
            "pagerank": "Size ulaşan tedarik: kümedeki tedarikin doğrudan ya da başka "
            "firmalar üzerinden ne kadarı size akıyor",
            "coreness": "Merkeze yakınlık: kümenin sıkı bağlı merkezine ne kadar yakınsınız",
            "constraint": "Ortaklarınızın birbirine bağlılığı (düşük: ortaklarınız "
            "birbirinden bağımsız, bu size aracılık fırsatı verir)",
        },
        "suppliers": "Tedarikçileriniz",
        "customers": "Müşterileriniz",
        "partner": "Firma",
        "share": "Pay",
        "supplier_share": "Pay: tedarikçinin satışlarından size düşen pay.",
        "customer_share": "Pay: satışlarınızdan müşteriye düşen pay.",
        "more": "… ve {n} firma daha",
        "none": "ankette yok",
        "dependence": "Tek müşteriye bağımlılık",
        "dependent": "En büyük müşteriniz {customer}, satışlarınızın {share} kadarını alıyor: "
        "{threshold} üzerinde. Onu kaybetmek sizi zorlar; ikinci bir büyük müşteri riski "
        "dağıtır.",
        "not_dependent": "En büyük müşteriniz {customer}, satışlarınızın {share} kadarını "
        "alıyor: {threshold} üzerinde değil.",
        "no_customers": "Ankette kümeden hiçbir firmaya satışınız yok.",
        "no_shares": "Anket satış payı vermiyor; bağımlılık değerlendirilmedi.",
        "roles": "Aracı rolleri",
        "role": "Rol",
        "times": "Kez",
        "roles_intro": "Doğrudan ticaret yapmayan bir tedarikçi ile bir müşteri arasında "
        "durduğunuz durumların sayısı, üç firmanın gruplarına göre (gruplar: {grouping}):",
        "role_text": {
            "coordinator": "kendi grubunuzdan iki firma arasında",
            "gatekeeper": "dışarıdaki bir tedarikçinin malını grubunuza getirerek",
            "representative": "grubunuzun tedarikini başka bir gruba taşıyarak",
            "consultant": "başka bir grubun iki firmasına hizmet ederek",
            "liaison": "başka iki grubu birbirine bağlayarak",
        },
        "no_roles": "Doğrudan ticaret yapmayan firmaların arasında durmuyorsunuz.",
        "picture": "Yakın çevreniz: tedarikçiler (solda) ve müşteriler (sağda)",
        "cut_firm": "Firmanız, onsuz dağılacak ağ parçalarını birbirine bağlıyor.",
        "sector": "Sektör",
        "actor_class": "Aktör sınıfı",
    },
}
_GROUPINGS = {
    "en": {
        "actor_class": "actor classes",
        "sector": "sectors",
        "region": "regions",
        "community": "communities",
    },
    "tr": {
        "actor_class": "aktör sınıfları",
        "sector": "sektörler",
        "region": "bölgeler",
        "community": "topluluklar",
    },
}

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("clustermap.export", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def surveyed_firms(analysis: Analysis) -> list[str]:
    """The firms that get a page: those that answered the survey, in the firm table's
    order; every firm with a tie when the survey does not say who answered."""
    firms = analysis.firms
    answered = analysis.survey.respondents
    if answered:
        chosen = firms["firm"].isin(answered)
    else:
        chosen = (firms["in_degree"] + firms["out_degree"]) > 0
    return firms.loc[chosen, "firm"].tolist()


def firm_pages_html(analysis: Analysis, *, title: str, lang: str = "en") -> str:
    """One printed page per surveyed firm (:func:`surveyed_firms`), in ``lang``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clustermap.api import AnalysisOptions, analyze
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer,weight\\n<b>A</b>,B,60\\nB,C,70\\nC,<b>A</b>,40\\n")
    >>> page = firm_pages_html(analyze(path, options=AnalysisOptions(nulls=0)), title="t")
    >>> page.count('<section class="firm"'), "<b>A</b>" in page, "&lt;b&gt;A&lt;/b&gt;" in page
    (3, False, True)
    """
    t = _TEXT[lang]
    firms = analysis.firms.set_index("firm")
    summary = analysis.summary
    basis = summary["supply"]["weight_basis"]
    ranks = {measure: _ranks(firms[measure], higher).to_dict() for measure, higher in _RANKED}
    rows = firms.to_dict("index")  # firm -> its figures, read once for every page
    colours = {
        firm: community_colour(None if pd.isna(community) else int(community))
        for firm, community in firms["community"].items()
    }
    suppliers = _partners(analysis.ties, "customer", "supplier", basis, lang)
    customers = _partners(analysis.ties, "supplier", "customer", basis, lang)
    context = {
        "analysis": analysis,
        "ranks": ranks,
        "basis": basis,
        "t": t,
        "lang": lang,
        "firms": len(firms),
        "attributes": [name for name in ("sector", "actor_class") if name in firms],
        "colours": colours,
    }
    pages = [
        _page(firm, rows[firm], suppliers.get(firm, []), customers.get(firm, []), context)
        for firm in surveyed_firms(analysis)
    ]
    return _ENVIRONMENT.get_template("firm_pages.html").render(
        lang=lang,
        t=t,
        made=t["made"].format(survey=title, version=summary["clustermap_version"]),
        pages=pages,
    )


def _ranks(values: pd.Series, higher: bool) -> pd.Series:
    """Each firm's rank (1 = first) among the firms with a value; ties share the better
    rank."""
    known = values.dropna().astype(float)
    return (-known if higher else known).rank(method="min").astype(int)


def _page(
    firm: str,
    row: dict[str, Any],
    supplied: list[dict[str, Any]],
    buying: list[dict[str, Any]],
    context: dict[str, Any],
) -> dict[str, Any]:
    analysis, t, lang = context["analysis"], context["t"], context["lang"]
    community = row["community"]
    known = community is not None and not pd.isna(community)
    facts = [
        t["community"].format(community=int(community), communities=analysis.communities.count)
        if known
        else t["no_community"],
        t["core"] if row["cp_class"] == "core" else t["periphery"],
    ]
    if bool(row.get("cut_firm")):
        facts.append(t["cut_firm"])
    attributes = [
        (t[name], words.actor_class(row[name], lang) if name == "actor_class" else row[name])
        for name in context["attributes"]
        if isinstance(row[name], str) and row[name]
    ]
    ranks = context["ranks"]
    return {
        "firm": firm,
        "facts": facts,
        "attributes": attributes,
        "ranks": [
            _rank_row(measure, row[measure], ranks[measure][firm], len(ranks[measure]), t, lang)
            for measure, _ in _RANKED
            if firm in ranks[measure]
        ],
        "ranks_title": t["ranks"].format(firms=words.count(context["firms"], lang, "firm")),
        "suppliers": supplied[:LISTED],
        "more_suppliers": _more(len(supplied), t),
        "customers": buying[:LISTED],
        "more_customers": _more(len(buying), t),
        "dependence": _dependence(row, buying, context["basis"], analysis, t, lang),
        "roles": _roles(row, t, lang),
        "roles_intro": t["roles_intro"].format(
            grouping=_GROUPINGS[lang].get(analysis.summary["parameters"]["groups"], "")
        ),
        "picture": _neighbourhood(firm, supplied, buying, context["colours"]),
    }


def _rank_row(
    measure: str, value: Any, rank: int, count: int, t: dict[str, Any], lang: str
) -> tuple[str, str, str]:
    """What the measure means, the firm's value and its rank among ``count`` firms in words
    ("3 of 93 (top 3 %)")."""
    if rank <= count / 2:
        place = t["top"].format(share=words.percent(rank / count, lang))
    else:
        place = t["bottom"].format(share=words.percent((count - rank + 1) / count, lang))
    counted = measure in ("in_degree", "out_degree")
    shown = words.integer(int(value), lang) if counted else words.number(float(value), lang)
    of = t["rank_of"].format(rank=words.integer(rank, lang), firms=words.integer(count, lang))
    return t["meaning"][measure], shown, f"{of} ({place})"


def _partners(
    ties: pd.DataFrame, own: str, side: str, basis: str, lang: str
) -> dict[str, list[dict[str, Any]]]:
    """Per firm (column ``own``), its partners in column ``side``, the largest tie first
    (relation layers summed): name, weight, and the tie's share of the supplier's sales as
    people read it (amounts: of the supplier's sales within the cluster)."""
    pairs = ties.groupby([own, side], sort=False)["weight"].sum()
    sales = ties.groupby("supplier", sort=False)["weight"].sum().to_dict()
    found: dict[str, list[dict[str, Any]]] = {}
    for pair, total in pairs.items():
        firm, partner = cast("tuple[str, str]", pair)
        weight = float(total)
        supplier = firm if own == "supplier" else partner
        if basis == "percent":
            share = words.percent(weight / 100, lang)
        elif basis == "fraction":
            share = words.percent(weight, lang)
        elif basis == "volume" and sales[supplier] > 0:
            share = words.percent(weight / sales[supplier], lang)
        else:
            share = ""
        found.setdefault(firm, []).append({"name": partner, "share": share, "weight": weight})
    for listed in found.values():
        listed.sort(key=lambda partner: (-partner["weight"], str(partner["name"])))
    return found


def _more(count: int, t: dict[str, Any]) -> str:
    return t["more"].format(n=count - LISTED) if count > LISTED else ""


def _dependence(
    row: dict[str, Any],
    buying: list[dict[str, Any]],
    basis: str,
    analysis: Analysis,
    t: dict[str, Any],
    lang: str,
) -> str:
    if not buying:
        return str(t["no_customers"])
    if basis == "unweighted":
        return str(t["no_shares"])
    share = row["top_customer_sales"]
    if share is None or pd.isna(share):
        share = row["top_customer_share"]
    threshold = analysis.summary["supply"]["dependence_threshold"]
    key = "dependent" if bool(row["single_customer_dependent"]) else "not_dependent"
    return str(
        t[key].format(
            customer=_in_sentence(buying[0]["name"]),
            share=words.percent(float(share), lang),
            threshold=words.percent(threshold, lang),
        )
    )


def _in_sentence(name: str, longest: int = 60) -> str:
    """A firm's name in a sentence: as written, or shortened (without its legal form, with
    an ellipsis) when longer than ``longest`` letters, so that the sentence stays short.

    >>> _in_sentence("Bozkır Kara Araçları San. A.Ş.")
    'Bozkır Kara Araçları San. A.Ş.'
    >>> len(_in_sentence("Uzun " * 40 + "A.Ş."))
    60
    """
    return name if len(name) <= longest else label_text(name, longest)


def _roles(row: dict[str, Any], t: dict[str, Any], lang: str) -> list[tuple[str, int]]:
    """The broker roles the firm plays: the role's name and what it means, and how often."""
    return [
        (f"{words.term(role, lang)}: {t['role_text'][role]}", int(row[f"broker_{role}"]))
        for role in ("coordinator", "gatekeeper", "representative", "consultant", "liaison")
        if f"broker_{role}" in row
        and not pd.isna(row[f"broker_{role}"])
        and int(row[f"broker_{role}"]) > 0
    ]


def _neighbourhood(
    firm: str,
    supplied: list[dict[str, Any]],
    buying: list[dict[str, Any]],
    colours: dict[str, str],
) -> dict[str, Any]:
    """The inline picture: the firm in the middle, its largest suppliers on the left and
    customers on the right, each in its community's colour (as on the map), a line to each
    as thick as the tie's weight relative to the largest on that side."""
    width, height = 760, 240
    centre = (width / 2, height / 2)

    def column(partners: list[dict[str, Any]], x: float) -> list[dict[str, Any]]:
        shown = partners[:DRAWN]
        top = max((p["weight"] for p in shown), default=1.0) or 1.0
        step = height / (len(shown) + 1)
        return [
            {
                "x": x,
                "y": round(step * (i + 1), 1),
                "label": label_text(partner["name"], 24),
                "name": partner["name"],
                "colour": colours.get(partner["name"], community_colour(None)),
                "width": round(1 + 4 * math.sqrt(max(partner["weight"], 0.0) / top), 2),
            }
            for i, partner in enumerate(shown)
        ]

    return {
        "width": width,
        "height": height,
        "centre": centre,
        "firm": label_text(firm, 30),
        "colour": colours.get(firm, community_colour(None)),
        "suppliers": column(supplied, 210.0),  # room for a label of 24 letters
        "customers": column(buying, width - 210.0),
    }
