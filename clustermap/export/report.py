"""``report.html``: one offline, printable page for the workshop, in Turkish or English.

Key figures, significance and resilience verdicts, the picture of the network, the core
("merkez") and periphery ("çevre") lists, communities with their sector and actor-class mix,
the leading firms by role, dependency risks, data-quality warnings and the method notes. The
page has no script at all; every survey string is autoescaped by the template engine.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import jinja2

if TYPE_CHECKING:
    from clustermap.api import Analysis

__all__ = ["LANGUAGES", "report_html"]

LANGUAGES = ("en", "tr")
#: Firms listed by name in the report's risk lists; firms.csv flags every one.
LISTED = 30

_TEXT = {
    "en": {
        "title": "Cluster analysis",
        "made": "Made with",
        "open_map": "open the interactive map",
        "key_figures": "Key figures",
        "picture": "The network",
        "core": "Core firms",
        "periphery": "Periphery firms",
        "communities": "Communities",
        "firms": "Firms",
        "density": "Density",
        "sectors": "Sectors",
        "actor_classes": "Actor classes",
        "leading": "Leading firms",
        "roles": "Firms by role",
        "role": "Role",
        "risks": "Dependency risks",
        "firm": "Firm",
        "top_share": "Top customer's share of sales",
        "cut_firms": "Firms whose loss cuts the network",
        "quality": "Data quality",
        "code": "Code",
        "message": "Message",
        "methods": "Method notes",
        "not_written": "not written",
        "not_computed": "not computed",
        "more_dependent": "… and {n:,} more (firms.csv, column single_customer_dependent)",
        "more_cut": "… and {n:,} more (firms.csv, column cut_firm)",
        "inputs": "Inputs",
        "none": "none",
        "ties": "Ties",
        "n_communities": "Communities",
        "modularity": "Modularity",
        "core_size": "Core firms",
        "fit": "Core/periphery fit",
        "central": "Central (PageRank)",
        "broker": "Brokers (betweenness)",
        "gatekeeper": "Gatekeepers",
        "integrator": "Integrators (many suppliers)",
        "allocator": "Allocators (many customers)",
        "respondents": "firms answered the survey",
        "named_only": "firms were only named by others",
        "confirmed": "ties confirmed by both firms",
        "one_sided": "ties named by one firm only although both answered",
        "variants": "firm names written several ways were merged",
        "duplicates": "pairs of names may be the same firm (see clustermap check)",
        "seed": "Seed",
        "versions": "Versions",
    },
    "tr": {
        "title": "Küme analizi",
        "made": "Hazırlayan:",
        "open_map": "etkileşimli haritayı aç",
        "key_figures": "Temel göstergeler",
        "picture": "Ağ",
        "core": "Merkez firmalar",
        "periphery": "Çevre firmalar",
        "communities": "Topluluklar",
        "firms": "Firmalar",
        "density": "Yoğunluk",
        "sectors": "Sektörler",
        "actor_classes": "Aktör sınıfları",
        "leading": "Öne çıkan firmalar",
        "roles": "Rollere göre firmalar",
        "role": "Rol",
        "risks": "Bağımlılık riskleri",
        "firm": "Firma",
        "top_share": "En büyük müşterinin satışlardaki payı",
        "cut_firms": "Kaybı ağı bölen firmalar",
        "quality": "Veri kalitesi",
        "code": "Kod",
        "message": "Açıklama",
        "methods": "Yöntem notları",
        "not_written": "yazılmadı",
        "not_computed": "hesaplanmadı",
        "more_dependent": "… ve {n:,} firma daha (firms.csv, single_customer_dependent sütunu)",
        "more_cut": "… ve {n:,} firma daha (firms.csv, cut_firm sütunu)",
        "inputs": "Girdiler",
        "none": "yok",
        "ties": "Bağlar",
        "n_communities": "Topluluk",
        "modularity": "Modülerlik",
        "core_size": "Merkez firma",
        "fit": "Merkez/çevre uyumu",
        "central": "Merkezi (PageRank)",
        "broker": "Aracılar (arasındalık)",
        "gatekeeper": "Kapı bekçileri",
        "integrator": "Bütünleştiriciler (çok tedarikçi)",
        "allocator": "Dağıtıcılar (çok müşteri)",
        "respondents": "firma ankete yanıt verdi",
        "named_only": "firma yalnızca başkalarınca anıldı",
        "confirmed": "bağ iki firma tarafından da doğrulandı",
        "one_sided": "bağ, iki firma da yanıt verdiği halde yalnız birince anıldı",
        "variants": "farklı yazılan firma adı birleştirildi",
        "duplicates": "ad çifti aynı firma olabilir (clustermap check)",
        "seed": "Tohum",
        "versions": "Sürümler",
    },
}

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("clustermap.export", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def report_html(analysis: Analysis, *, title: str, picture: bytes, lang: str = "en") -> str:
    """Render the workshop report of an analysis (``picture``: the PNG to embed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clustermap.api import AnalysisOptions, analyze
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer\\n<b>A</b>,B\\nB,C\\nC,A\\nC,D\\n")
    >>> page = report_html(analyze(path, options=AnalysisOptions(nulls=0)), title="t",
    ...                    picture=b"", lang="tr")
    >>> "Merkez firmalar" in page, "<b>A</b>" in page, "&lt;b&gt;A&lt;/b&gt;" in page
    (True, False, True)
    """
    t = _TEXT[lang]
    summary = analysis.summary
    network, communities = summary["network"], summary["communities"]
    cp, supply = summary["core_periphery"], summary["supply"]
    firms = analysis.firms.set_index("firm")
    cards = [
        (t["firms"], network["firms"]),
        (t["ties"], network["ties"]),
        (t["density"], _number(network["density"])),
        (t["n_communities"], communities["count"]),
        (t["modularity"], _number(communities["modularity"])),
        (t["core_size"], cp["core_size"]),
        (t["fit"], _number(cp["fit"])),
    ]
    verdicts = [
        _verdict(test, what, lang)
        for test, what in (
            (communities["significance"], "communities"),
            (cp["significance"], "core"),
        )
        if test and test.get("p_value") is not None
    ]
    return _ENVIRONMENT.get_template("report.html").render(
        lang=lang,
        t=t,
        survey=title,
        version=summary["clustermap_version"],
        cards=cards,
        verdicts=verdicts,
        picture=base64.b64encode(picture).decode("ascii"),
        core=cp["core"],
        periphery=cp["periphery"],
        communities=[
            {
                "community": d["community"],
                "size": d["size"],
                "density": _number(d["density"]),
                "sectors": _mix(d["sectors"]),
                "actor_classes": _mix(d["actor_classes"]),
                "top": "; ".join(d["top_firms"][:3]),
            }
            for d in communities["details"]
        ],
        roles=_roles(summary, t),
        dependent=[
            (firm, _share(firms, firm, lang)) for firm in supply["dependent_firms"][:LISTED]
        ],
        more_dependent=_more(len(supply["dependent_firms"]), t["more_dependent"]),
        cut_firms="; ".join(supply["cut_firms"][:LISTED])
        + (" " + _more(len(supply["cut_firms"]), t["more_cut"])).rstrip(),
        resilience=_resilience(supply["resilience"], lang),
        quality=_quality(summary["survey"], t),
        warnings=summary["warnings"],
        methods=_methods(summary, t),
        inputs=summary["inputs"],
    )


_VERDICTS: dict[str, dict[str, Any]] = {
    "en": {
        "communities": (
            "the modularity of the unweighted network",
            "the communities are stronger than the degrees alone explain",
            "random networks with these "
            "degrees have communities as strong: do not read much into them",
        ),
        "core": (
            "the core/periphery fit",
            "a core/periphery structure beyond what the degrees explain",
            "random networks with these degrees fit a core/periphery pattern as "
            "well: the core may only reflect a few well-connected firms",
        ),
        "against": "{what} {observed:.3f} against {mean:.3f} on average in {nulls} randomised "
        "networks with the same degrees (p = {p:.3f}): {meaning}",
        "few": "too few randomisations to tell; use 19 or more (--nulls)",
        "resilience": "removing the {share} most connected or most central firms leaves "
        "{targeted} of firms in the largest connected part, against {chance} when {share} of "
        "firms are lost at random: the network is {verdict} to the loss of its central firms",
        "fragile": "fragile",
        "robust": "robust",
    },
    "tr": {
        "communities": (
            "Ağırlıksız ağın modülerliği",
            "topluluklar, derecelerin tek başına açıklayabileceğinden daha güçlü",
            "aynı derecelere sahip rastgele "
            "ağlarda da topluluklar bu kadar güçlü: fazla anlam yüklemeyin",
        ),
        "core": (
            "Merkez/çevre uyumu",
            "derecelerin açıklayabileceğinin ötesinde bir merkez/çevre yapısı var",
            "aynı derecelere sahip rastgele ağlar da merkez/çevre "
            "örüntüsüne bu kadar uyuyor: merkez yalnızca birkaç iyi bağlı firmayı "
            "yansıtıyor olabilir",
        ),
        "against": "{what} {observed:.3f}; aynı derecelere sahip {nulls} rastgele ağda ortalama "
        "{mean:.3f} (p = {p:.3f}): {meaning}",
        "few": "karar vermek için rastgele ağ sayısı az; en az 19 kullanın (--nulls)",
        "resilience": "En çok bağlantılı ya da en merkezi firmaların {share} kadarı çıkarılınca "
        "en büyük bağlı parçada firmaların {targeted} kadarı kalıyor; firmaların {share} kadarı "
        "rastgele kaybedildiğinde bu oran {chance}: ağ, merkezi firmalarının kaybına karşı "
        "{verdict}",
        "fragile": "kırılgan",
        "robust": "dayanıklı",
    },
}


def _percent(share: float, lang: str) -> str:
    """51% in English, %51 in Turkish."""
    return f"%{share * 100:.0f}" if lang == "tr" else f"{share:.0%}"


def _verdict(test: dict[str, Any], what: str, lang: str) -> str:
    words = _VERDICTS[lang]
    name, real, unreal = words[what]
    meaning = words["few"] if test["nulls"] < 19 else real if test["p_value"] <= 0.05 else unreal
    return words["against"].format(
        what=name,
        observed=test["observed"],
        mean=test["null_mean"],
        nulls=test["nulls"],
        p=test["p_value"],
        meaning=meaning,
    )


def _resilience(curves: dict[str, Any], lang: str) -> str:
    verdict = str(curves["verdict"])
    if "fragile" not in verdict and "robust" not in verdict:
        return verdict  # no firms or no ties: nothing measured
    quoted = curves.get("quoted", 0.1)
    at = curves["removed"].index(quoted)
    words = _VERDICTS[lang]
    return words["resilience"].format(
        share=_percent(quoted, lang),
        targeted=_percent(min(curves["degree"][at], curves["betweenness"][at]), lang),
        chance=_percent(curves["random"][at], lang),
        verdict=words["fragile" if "fragile" in verdict else "robust"],
    )


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _mix(counts: dict[str, int]) -> str:
    return "; ".join(f"{name} ({count})" for name, count in list(counts.items())[:4])


def _more(count: int, text: str) -> str:
    """What is left out of a list cut at :data:`LISTED` firms ("" when nothing is)."""
    return text.format(n=count - LISTED) if count > LISTED else ""


def _share(firms: Any, firm: str, lang: str) -> str:
    value = firms.at[firm, "top_customer_sales"]
    if value is None or value != value:
        value = firms.at[firm, "top_customer_share"]
    return _percent(float(value), lang)


def _roles(summary: dict[str, Any], t: dict[str, str]) -> list[tuple[str, str]]:
    top, brokerage, supply = summary["top_firms"], summary["brokerage"], summary["supply"]
    rows = [
        (t["central"], top["pagerank"]),
        (t["broker"], top["betweenness"]),
        (t["gatekeeper"], brokerage["top_firms"]["gatekeeper"]),
        (t["integrator"], supply["integrators"][:5]),
        (t["allocator"], supply["allocators"][:5]),
    ]
    return [(role, "; ".join(firms) or t["none"]) for role, firms in rows]


def _quality(facts: dict[str, Any], t: dict[str, str]) -> list[str]:
    lines = []
    for key, label in (
        ("respondents", "respondents"),
        ("named_only", "named_only"),
        ("ties_confirmed", "confirmed"),
        ("ties_one_sided", "one_sided"),
    ):
        if facts.get(key) is not None:
            lines.append(f"{facts[key]} {t[label]}")
    lines.append(f"{len(facts['name_variants'])} {t['variants']}")
    lines.append(f"{len(facts['likely_duplicates'])} {t['duplicates']}")
    return lines


def _methods(summary: dict[str, Any], t: dict[str, str]) -> list[tuple[str, str]]:
    rows = [(name.replace("_", " "), text) for name, text in summary["conventions"].items()]
    rows.append(
        (
            "communities",
            f"{summary['communities']['method']}, "
            f"{summary['communities']['runs']} runs, "
            f"{summary['communities']['choice']}",
        )
    )
    rows.append(
        (
            "core/periphery",
            f"{summary['core_periphery']['model']}, "
            f"{summary['core_periphery']['network']}, off-diagonal "
            f"{summary['core_periphery']['offdiagonal']}",
        )
    )
    for measure, precision in summary.get("precision", {}).items():
        if precision["method"] != "exact":
            rows.append(
                (
                    f"{measure} (estimated)",
                    f"{precision['method']}: {precision['sources']} sampled firms, seed "
                    f"{precision['seed']}. Two halves of the sample: rank correlation "
                    f"{precision['split_half_correlation']}, top firms in common "
                    f"{precision['top_overlap']}, relative error of the top firms "
                    f"{precision['top_relative_error']}",
                )
            )
    if summary["parameters"].get("engine") == "networkit":
        rows.append(("engine", "networkit (betweenness, PageRank, k-core, Louvain)"))
    for name, reason in summary.get("skipped", {}).items():
        rows.append((f"{name} {t['not_computed']}", reason))
    for name, reason in summary.get("outputs", {}).get("skipped", {}).items():
        rows.append((f"{name} {t['not_written']}", reason))
    rows.append((t["seed"], str(summary["parameters"]["seed"])))
    rows.append((t["versions"], ", ".join(f"{k} {v}" for k, v in summary["versions"].items())))
    return rows
