"""``report.html``: one offline, printable page for the workshop, in Turkish or English.

Key figures, significance and resilience verdicts, the picture of the network, the core
("merkez") and periphery ("çevre") lists, communities with their sector and actor-class mix,
the leading firms by role, dependency risks, data-quality warnings and the method notes. The
page has no script at all; every survey string is autoescaped by the template engine.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from clustermap.export import words

if TYPE_CHECKING:
    from clustermap.api import Analysis

__all__ = ["report_html"]

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
        "where": "Where",
        "message": "Message",
        "line": "line",
        "column": "column",
        "methods": "Method notes",
        "not_written": "not written",
        "not_computed": "not computed",
        "more_dependent": "… and {n} more (firms.csv, column single_customer_dependent)",
        "more_cut": "… and {n} more (firms.csv, column cut_firm)",
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
        "title": "Kümelenme analizi",
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
        "where": "Yer",
        "message": "Açıklama",
        "line": "satır",
        "column": "sütun",
        "methods": "Yöntem notları",
        "not_written": "yazılmadı",
        "not_computed": "hesaplanmadı",
        "more_dependent": "… ve {n} firma daha (firms.csv, single_customer_dependent sütunu)",
        "more_cut": "… ve {n} firma daha (firms.csv, cut_firm sütunu)",
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
        (t["firms"], words.integer(network["firms"], lang)),
        (t["ties"], words.integer(network["ties"], lang)),
        (t["density"], words.number(network["density"], lang)),
        (t["n_communities"], words.integer(communities["count"], lang)),
        (t["modularity"], words.number(communities["modularity"], lang)),
        (t["core_size"], words.integer(cp["core_size"], lang)),
        (t["fit"], words.number(cp["fit"], lang)),
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
                "density": words.number(d["density"], lang),
                "sectors": _mix(d["sectors"], lang),
                "actor_classes": _mix(
                    {words.actor_class(k, lang): n for k, n in d["actor_classes"].items()}, lang
                ),
                "top": "; ".join(d["top_firms"][:3]),
            }
            for d in communities["details"]
        ],
        roles=_roles(summary, t),
        dependent=[
            (firm, _share(firms, firm, lang)) for firm in supply["dependent_firms"][:LISTED]
        ],
        more_dependent=_more(len(supply["dependent_firms"]), t["more_dependent"], lang),
        cut_firms="; ".join(supply["cut_firms"][:LISTED])
        + (" " + _more(len(supply["cut_firms"]), t["more_cut"], lang)).rstrip(),
        resilience=_resilience(supply["resilience"], lang),
        quality=_quality(summary["survey"], t, lang),
        warnings=_warnings(analysis, t, lang),
        methods=_methods(summary, t, lang),
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
        "against": "{what} {observed} against {mean} on average in {nulls} randomised "
        "networks with the same degrees (p = {p}): {meaning}",
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
        "against": "{what} {observed}; aynı derecelere sahip {nulls} rastgele ağda ortalama "
        "{mean} (p = {p}): {meaning}",
        "few": "karar vermek için rastgele ağ sayısı az; en az 19 kullanın (--nulls)",
        "resilience": "En çok bağlantılı ya da en merkezi firmaların {share} kadarı çıkarılınca "
        "en büyük bağlı parçada firmaların {targeted} kadarı kalıyor; firmaların {share} kadarı "
        "rastgele kaybedildiğinde bu oran {chance}: ağ, merkezi firmalarının kaybına karşı "
        "{verdict}",
        "fragile": "kırılgan",
        "robust": "dayanıklı",
    },
}


def _verdict(test: dict[str, Any], what: str, lang: str) -> str:
    texts = _VERDICTS[lang]
    name, real, unreal = texts[what]
    meaning = texts["few"] if test["nulls"] < 19 else real if test["p_value"] <= 0.05 else unreal
    return texts["against"].format(
        what=name,
        observed=words.number(test["observed"], lang),
        mean=words.number(test["null_mean"], lang),
        nulls=words.integer(test["nulls"], lang),
        p=words.number(test["p_value"], lang),
        meaning=meaning,
    )


def _resilience(curves: dict[str, Any], lang: str) -> str:
    verdict = str(curves["verdict"])
    if "fragile" not in verdict and "robust" not in verdict:
        return verdict  # no firms or no ties: nothing measured
    quoted = curves.get("quoted", 0.1)
    at = curves["removed"].index(quoted)
    texts = _VERDICTS[lang]
    return texts["resilience"].format(
        share=words.percent(quoted, lang),
        targeted=words.percent(min(curves["degree"][at], curves["betweenness"][at]), lang),
        chance=words.percent(curves["random"][at], lang),
        verdict=texts["fragile" if "fragile" in verdict else "robust"],
    )


def _mix(counts: dict[str, int], lang: str) -> str:
    return "; ".join(
        f"{name} ({words.integer(count, lang)})" for name, count in list(counts.items())[:4]
    )


def _more(count: int, text: str, lang: str) -> str:
    """What is left out of a list cut at :data:`LISTED` firms ("" when nothing is)."""
    return text.format(n=words.integer(count - LISTED, lang)) if count > LISTED else ""


def _share(firms: Any, firm: str, lang: str) -> str:
    value = firms.at[firm, "top_customer_sales"]
    if value is None or value != value:
        value = firms.at[firm, "top_customer_share"]
    return words.percent(float(value), lang)


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


def _quality(facts: dict[str, Any], t: dict[str, str], lang: str) -> list[str]:
    lines = []
    for key, label in (
        ("respondents", "respondents"),
        ("named_only", "named_only"),
        ("ties_confirmed", "confirmed"),
        ("ties_one_sided", "one_sided"),
    ):
        if facts.get(key) is not None:
            lines.append(f"{words.integer(facts[key], lang)} {t[label]}")
    lines.append(f"{words.integer(len(facts['name_variants']), lang)} {t['variants']}")
    lines.append(f"{words.integer(len(facts['likely_duplicates']), lang)} {t['duplicates']}")
    return lines


def _warnings(analysis: Analysis, t: dict[str, str], lang: str) -> list[tuple[str, str, str]]:
    """The survey's warnings: code, where, and what it means in ``lang`` (in Turkish, the
    meaning of the code with the names and figures the message quotes)."""
    rows = []
    issues = [issue for issue in analysis.survey.issues if issue.severity == "warning"]
    for issue in sorted(issues, key=lambda i: (Path(i.file).name, i.code, i.line or 0)):
        where = Path(issue.file).name
        if issue.line is not None:
            where += f", {t['line']} {words.integer(issue.line, lang)}"
        if issue.column:
            where += f", {t['column']} '{issue.column}'"
        if lang == "en":
            rows.append((issue.code, where, issue.message))
            continue
        quoted = "; ".join(re.findall(r"'([^']+)'", issue.message)[:5])
        meaning = _WARNINGS_TR.get(issue.code, _WARNINGS_TR[""])
        rows.append((issue.code, where, meaning + (f": {quoted}" if quoted else "")))
    return rows


#: What each warning means, in Turkish (the English message is in summary.json).
_WARNINGS_TR = {
    "": "Uyarı; ayrıntısı summary.json dosyasında",
    "ambiguous-weight": "Ağırlıktaki nokta ya da virgül hem ondalık hem binlik ayırıcı olabilir",
    "bad-employees": "Çalışan sayısı bir sayı değil; yok sayıldı",
    "bad-surveyed": "Görüşme sütunundaki değer evet ya da hayır değil; yok sayıldı",
    "conflicting-firm": "Firma dosyasında aynı firma farklı bilgilerle birden çok kez var; "
    "ilk satır kullanıldı",
    "duplicate-firm": "Firma dosyasında aynı firma birden çok kez var; birleştirildi",
    "duplicate-header": "İki sütunun başlığı aynı; ikincisi sıra numarasıyla okundu",
    "duplicate-tie": "Aynı bağ birden çok satırda var; tek bağda birleştirildi, ağırlıklar "
    "toplandı",
    "empty-header": "Başlığı olmayan dolu bir sütun yok sayıldı",
    "firms-mismatch": "Firma dosyası ile bağlar uyuşmuyor: bazı firmaların hiç bağı yok ya da "
    "bağlardaki bazı firmalar firma dosyasında yok",
    "fraction-among-percentages": "Yüzdeler arasında kesir gibi yazılmış bir pay var",
    "header-like-a-tie": "Başlık satırı olarak okunan satırda bağlardaki bir firmanın adı var: "
    "dosyanın başlık satırı yoksa --header-row 0 verin",
    "percentage-among-volumes": "Tutarlar arasında yüzde gibi yazılmış bir değer var",
    "second-column": "Aynı rol için ikinci bir sütun var; biri okundu (--column ile seçilebilir)",
    "self-tie": "Bir firmanın kendisiyle bağı çıkarıldı",
    "share-without-partner": "Ortağı yazılmamış bir pay yok sayıldı",
    "shares-above-whole": "Bir tedarikçinin satış payları toplamı %100'ü aşıyor",
    "unknown-actor-class": "Tanınmayan aktör sınıfı yazıldığı gibi bırakıldı",
    "unknown-relation-layer": "Tanınmayan ilişki türü yazıldığı gibi bırakıldı",
    "unread-column": "Bir rolü andıran ama okunmayan bir sütun var",
    "unused-alias": "Takma ad dosyasındaki bir satır hiçbir firma adına uymadı",
    "weight-basis": "Ağırlıklar satış payı değil tutar olarak okundu: bazı tedarikçilerin "
    "payları toplamı %100'ü aşıyor",
}

#: The method notes in Turkish, by the keys of summary.json → conventions.
_CONVENTIONS_TR = {
    "degree": "tedarikçi sayısı = firmaya satan firmalar, müşteri sayısı = firmanın sattığı "
    "firmalar; güç: aynı sayılar bağ ağırlıklarıyla toplanarak",
    "betweenness": "yönlü, ağırlıksız en kısa yollar (ağırlıklar uzaklık değil pay), "
    "(n-1)(n-2) ile ölçeklenmiş",
    "closeness": "yönsüz izdüşüm, ağırlıksız; bağlı olmayan ağlarda Wasserman-Faust "
    "düzeltmesi: (ulaşılan firmalar / (n-1)) × bileşen içi yakınlık",
    "pagerank": "yönlü (tedarikçi → müşteri), ağırlıklı, sönüm 0,85; müşterisi olmayan "
    "firmalar puanlarını eşit dağıtır",
    "eigenvector": "yönsüz izdüşüm, karşılıklı ağırlıklar toplanır; baş özvektör, birim "
    "uzunluk; en büyük bileşen dışındaki firmalar için 0",
    "core_number": "yönsüz izdüşümün k-çekirdek numarası, ağırlıksız",
    "structural_holes": "Burt'ün kısıt, etkin büyüklük ve verimlilik ölçüleri (etkin "
    "büyüklük / ortak sayısı), ağırlıksız; iki yönden birindeki bağ iki firmayı ortak yapar "
    "(karşılıklı ağırlık a_ij + a_ji); bağı olmayan firmalar için tanımsız",
}
_NAMES_TR = {
    "degree": "derece",
    "betweenness": "arasındalık",
    "closeness": "yakınlık",
    "pagerank": "PageRank",
    "eigenvector": "özvektör",
    "core_number": "k-çekirdek",
    "structural_holes": "yapısal boşluklar",
    "transitivity": "geçişlilik",
    "brokerage roles": "aracı rolleri",
    "supply dominators": "baskın tedarikçiler",
    "resilience": "dayanıklılık",
    "core/periphery (other reading)": "merkez/çevre (öbür okuma)",
    "community stability": "topluluk kararlılığı",
    "structural holes": "yapısal boşluklar",
}
#: Why a measure or file was left out, in Turkish (the keys of skipped reasons).
_SKIPPED_TR = {
    "betweenness": "her örneklenen firmadan en kısa yollar: bu boyutta saatler sürer",
    "closeness": "her örneklenen firmadan en kısa yollar, arasındalık gibi",
    "structural holes": "her firmanın bağlarındaki üçgenler üzerinden toplamlar, merkezlerde "
    "bağlardan hızlı büyür",
    "transitivity": "her üçgenin sayımı, yapısal boşluklar gibi",
    "brokerage roles": "iki adımlı her tedarik yolu üzerinden sayımlar",
    "supply dominators": "her son müşteri için bütün tedarik ağında arama",
    "resilience": "bütün ağ üzerinde yüzden fazla bileşen hesabı",
    "core/periphery (other reading)": "bağların öbür okumasıyla ikinci bir merkez araması",
    "community stability": "Louvain çalıştırmalarını karşılaştırır, bir çalıştırma yapıldı: "
    "--runs 2 ya da fazlası ölçer",
    "firm_pages.html": "firma başına basılı sayfa bir kümelenme çalıştayının firmaları içindir, "
    "binlercesi için değil; firms.csv her firmanın göstergelerini içerir",
    "map.svg": "her bağın vektör çizimi açılamayacak kadar büyük; resim map.png",
    "firms.xlsx": "bu boyutta bir çalışma kitabı yavaş yazılır ve açılır; firms.csv her "
    "değeri içerir",
    "network.gexf": "network.graphml aynı ağı içerir ve Gephi'de açılır",
    "network.graphml": "bu boyutta GraphML yazmak dakikalar sürer; ties.csv ve firms.csv "
    "Gephi'ye aktarılabilir",
}


def _methods(summary: dict[str, Any], t: dict[str, str], lang: str) -> list[tuple[str, str]]:
    if lang == "tr":
        return _methods_tr(summary, t)
    return _methods_en(summary, t)


def _methods_tr(summary: dict[str, Any], t: dict[str, str]) -> list[tuple[str, str]]:
    """The method notes in Turkish (:func:`_methods_en` says the same in English)."""
    rows = [
        (_NAMES_TR.get(name, name), _CONVENTIONS_TR.get(name, text))
        for name, text in summary["conventions"].items()
    ]
    communities, cp = summary["communities"], summary["core_periphery"]
    rows.append(
        (
            "topluluklar",
            f"Louvain ({communities['method']}), {words.integer(communities['runs'], 'tr')} "
            "çalıştırma; raporlanan, öbürleriyle en çok uyuşan (en yüksek ortalama düzeltilmiş "
            "Rand endeksi) çalıştırma",
        )
    )
    reading = "yönlü" if cp["network"].startswith("directed") else "simetrik (iki yönden biri)"
    values = "bağ değerleriyle" if "tie values" in cp["network"] else "ikili"
    block = (
        "merkez-çevre hücreleri yok sayılır"
        if cp["offdiagonal"] == "ignore"
        else f"merkez-çevre hücreleri {words.number(float(cp['offdiagonal']), 'tr')}"
    )
    rows.append(("merkez/çevre", f"Borgatti-Everett ayrık model, {reading}, {values}; {block}"))
    for measure, precision in summary.get("precision", {}).items():
        if precision["method"] != "exact":
            rows.append(
                (
                    f"{_NAMES_TR.get(measure, measure)} (tahmini)",
                    f"{words.integer(precision['sources'], 'tr')} örneklenen firmadan tahmin, "
                    f"tohum {precision['seed']}. Örneğin iki yarısı: sıra korelasyonu "
                    f"{words.number(precision['split_half_correlation'], 'tr')}, ortak "
                    f"öncü firmalar {words.number(precision['top_overlap'], 'tr')}, öncü "
                    f"firmaların göreli hatası "
                    f"{words.number(precision['top_relative_error'], 'tr')}",
                )
            )
    if summary["parameters"].get("engine") == "networkit":
        rows.append(("motor", "networkit (arasındalık, PageRank, k-çekirdek, Louvain)"))
    for name in summary.get("skipped", {}):
        rows.append((f"{_NAMES_TR.get(name, name)} {t['not_computed']}", _SKIPPED_TR.get(name, "")))
    for name in summary.get("outputs", {}).get("skipped", {}):
        rows.append((f"{name} {t['not_written']}", _SKIPPED_TR.get(name, "")))
    rows.append((t["seed"], str(summary["parameters"]["seed"])))
    rows.append((t["versions"], ", ".join(f"{k} {v}" for k, v in summary["versions"].items())))
    return rows


def _methods_en(summary: dict[str, Any], t: dict[str, str]) -> list[tuple[str, str]]:
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
