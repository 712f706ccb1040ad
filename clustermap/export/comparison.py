"""The files of ``clustermap compare``: a page for the steering committee, data for analysts.

``compare.html`` is one offline page without any script (every survey string autoescaped);
``changes.json`` is the machine-readable diff; ``tie_changes.csv`` and
``firm_changes.csv`` are the tables behind it, for Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from clustermap._version import __version__
from clustermap.export import words
from clustermap.export.tables import frame_csv, json_text

if TYPE_CHECKING:
    from clustermap.compare import Comparison

__all__ = ["COMPARISON_FILES", "comparison_files", "comparison_html", "write_comparison"]

#: The files of a comparison folder.
COMPARISON_FILES = ("compare.html", "changes.json", "tie_changes.csv", "firm_changes.csv")

_FIGURE_LABELS = {
    "en": {
        "firms": "Firms",
        "ties": "Ties",
        "mean_partners": "Ties per firm",
        "density": "Density",
        "reciprocity": "Reciprocity",
        "components": "Components",
        "largest_component_share": "Share of firms in the largest component",
        "transitivity": "Transitivity",
        "degree_centralization": "Degree centralisation",
        "communities": "Communities",
        "modularity": "Modularity",
        "core_size": "Core firms",
        "core_share": "Share of firms in the core",
        "core_periphery_fit": "Core/periphery fit",
        "continuous_fit": "Continuous coreness fit",
        "supply_stages": "Supply-chain stages",
        "dependent_firms": "Firms dependent on one customer",
        "cut_firms": "Firms whose loss cuts the network",
    },
    "tr": {
        "firms": "Firmalar",
        "ties": "Bağlar",
        "mean_partners": "Firma başına bağ",
        "density": "Yoğunluk",
        "reciprocity": "Karşılıklılık",
        "components": "Bileşenler",
        "largest_component_share": "En büyük bileşendeki firmaların payı",
        "transitivity": "Geçişlilik",
        "degree_centralization": "Derece merkezileşmesi",
        "communities": "Topluluklar",
        "modularity": "Modülerlik",
        "core_size": "Merkez firmalar",
        "core_share": "Merkezdeki firmaların payı",
        "core_periphery_fit": "Merkez/çevre uyumu",
        "continuous_fit": "Sürekli merkezilik uyumu",
        "supply_stages": "Tedarik zinciri kademeleri",
        "dependent_firms": "Tek müşteriye bağımlı firmalar",
        "cut_firms": "Kaybı ağı bölen firmalar",
    },
}
_MEASURE_LABELS = {
    "en": {
        "in_degree": "Suppliers (in-degree)",
        "out_degree": "Customers (out-degree)",
        "betweenness": "Brokerage (betweenness)",
        "closeness": "Closeness",
        "pagerank": "PageRank",
        "eigenvector": "Eigenvector centrality",
        "coreness": "Coreness",
        "constraint": "Burt's constraint",
        "broker_total": "Brokerage roles (Gould-Fernandez)",
    },
    "tr": {
        "in_degree": "Tedarikçi sayısı",
        "out_degree": "Müşteri sayısı",
        "betweenness": "Aracılık (arasındalık)",
        "closeness": "Yakınlık",
        "pagerank": "PageRank",
        "eigenvector": "Özvektör merkeziliği",
        "coreness": "Merkezilik derecesi",
        "constraint": "Burt'ün kısıtı (yapısal boşluk)",
        "broker_total": "Aracı rolleri (Gould-Fernandez)",
    },
}
_TEXT = {
    "en": {
        "title": "What changed",
        "made": "Made with clustermap {version}. Both waves were analysed with the same options "
        "and seed; firms are matched by name.",
        "key_figures": "Key figures",
        "figure": "Figure",
        "baseline": "Baseline",
        "followup": "Follow-up",
        "change": "Change",
        "firms": "Firms",
        "in_both": "{firms} in both waves.",
        "entered": "Entered",
        "left": "Left",
        "core": "Core",
        "entered_core": "Entered the core",
        "left_core": "Left the core",
        "stayed_core": "Stayed in the core",
        "communities": "Communities",
        "similarity": "Similarity of the two partitions on the {firms} in a community in both "
        "waves: adjusted Rand index {ari}, normalised mutual information {nmi} (1: the same "
        "communities; 0: no more alike than chance).",
        "moved": "{firms} moved to another community.",
        "moved_one": "1 firm moved to another community.",
        "baseline_community": "Baseline community",
        "followup_community": "Follow-up community",
        "firm_moved": "Firm that moved",
        "largest": "Largest changes in firm measures",
        "firm": "Firm",
        "no_change": "no change",
        "ties": "Ties",
        "tie_counts": "{added} added, {lost} lost, {changed} with a changed weight, {unchanged} "
        "unchanged (share of ties in both waves: {jaccard}).",
        "supplier": "Supplier",
        "customer": "Customer",
        "relation": "Relation",
        "baseline_weight": "Baseline weight",
        "followup_weight": "Follow-up weight",
        "added": "added",
        "lost": "lost",
        "changed": "changed",
        "spellings": "Names matched across spellings",
        "inputs": "Inputs",
        "wave": "Wave",
        "file": "File",
        "none": "none",
        "ties_role": "ties",
        "firms_role": "firms",
        "aliases_role": "aliases",
    },
    "tr": {
        "title": "Ne değişti",
        "made": "clustermap {version} ile hazırlandı. İki dalga aynı seçenekler ve tohumla "
        "analiz edildi; firmalar adlarıyla eşleştirildi.",
        "key_figures": "Temel göstergeler",
        "figure": "Gösterge",
        "baseline": "İlk dalga",
        "followup": "İzleme dalgası",
        "change": "Değişim",
        "firms": "Firmalar",
        "in_both": "İki dalgada da {firms} var.",
        "entered": "Katılan",
        "left": "Ayrılan",
        "core": "Merkez",
        "entered_core": "Merkeze giren",
        "left_core": "Merkezden çıkan",
        "stayed_core": "Merkezde kalan",
        "communities": "Topluluklar",
        "similarity": "İki dalgada da bir toplulukta olan {firms} üzerinde iki bölünmenin "
        "benzerliği: düzeltilmiş Rand endeksi {ari}, normalleştirilmiş karşılıklı bilgi {nmi} "
        "(1: aynı topluluklar; 0: rastlantıdan daha benzer değil).",
        "moved": "{firms} başka bir topluluğa geçti.",
        "moved_one": "1 firma başka bir topluluğa geçti.",
        "baseline_community": "İlk dalgadaki topluluk",
        "followup_community": "İzleme dalgasındaki topluluk",
        "firm_moved": "Topluluğu değişen firma",
        "largest": "Firma göstergelerinde en büyük değişimler",
        "firm": "Firma",
        "no_change": "değişim yok",
        "ties": "Bağlar",
        "tie_counts": "{added} eklendi, {lost} kayboldu, {changed} bağın ağırlığı değişti, "
        "{unchanged} aynı kaldı (iki dalgada da olan bağların payı: {jaccard}).",
        "supplier": "Tedarikçi",
        "customer": "Müşteri",
        "relation": "İlişki",
        "baseline_weight": "İlk dalgadaki ağırlık",
        "followup_weight": "İzleme dalgasındaki ağırlık",
        "added": "eklendi",
        "lost": "kayboldu",
        "changed": "değişti",
        "spellings": "Farklı yazılışlarla eşleşen adlar",
        "inputs": "Girdiler",
        "wave": "Dalga",
        "file": "Dosya",
        "none": "yok",
        "ties_role": "bağlar",
        "firms_role": "firmalar",
        "aliases_role": "takma adlar",
    },
}


def comparison_files(comparison: Comparison, lang: str = "en") -> dict[str, bytes]:
    """Every file of a comparison folder, as bytes, keyed by file name (``compare.html`` in
    ``lang``)."""
    return {
        "compare.html": comparison_html(comparison, lang).encode("utf-8"),
        "changes.json": json_text(comparison.diff).encode("utf-8"),
        "tie_changes.csv": frame_csv(comparison.ties).encode("utf-8-sig"),
        "firm_changes.csv": frame_csv(comparison.firms).encode("utf-8-sig"),
    }


def write_comparison(
    comparison: Comparison, out: str | Path, *, force: bool = False, lang: str = "en"
) -> Path:
    """Write the comparison folder, all or nothing (see :func:`clustermap.export.write_folder`)."""
    from clustermap.export import write_folder

    files = comparison_files(comparison, lang)
    return write_folder(files, out, force=force, own=COMPARISON_FILES)


def comparison_html(comparison: Comparison, lang: str = "en") -> str:
    """The comparison page: figures side by side, then the changes in ties, core,
    communities and firm measures, in ``lang``.

    >>> import tempfile, pathlib
    >>> from clustermap.compare import compare_surveys
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("supplier,customer\\nA,B\\nB,C\\n")
    >>> _ = (folder / "b.csv").write_text("supplier,customer\\nA,B\\nB,D\\n")
    >>> change = compare_surveys(folder / "a.csv", folder / "b.csv")
    >>> "1 added, 1 lost" in comparison_html(change), "1 eklendi" in comparison_html(change, "tr")
    (True, True)
    """
    diff = comparison.diff
    t = _TEXT[lang]

    def shown(value: Any) -> str:
        return _shown(value, lang)

    def names(found: list[str]) -> str:
        return "; ".join(found) or t["none"]

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("clustermap.export", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
    )
    ties = comparison.ties
    moved = len(diff["communities"]["moved"])
    return environment.get_template("compare.html").render(
        lang=lang,
        t=t,
        made=t["made"].format(version=__version__),
        baseline=wave_name(diff["baseline"]),
        followup=wave_name(diff["followup"]),
        inputs=[
            (
                t[wave],
                t.get(f"{source['role']}_role", source["role"]),
                source["file"],
                source["sha256"],
            )
            for wave in ("baseline", "followup")
            for source in diff[wave]
        ],
        figures=[
            (
                _FIGURE_LABELS[lang][name],
                shown(values["baseline"]),
                shown(values["followup"]),
                _signed(values["baseline"], values["followup"], lang),
                _trend(values["change"]),
            )
            for name, values in diff["network"].items()
        ],
        tie_counts=t["tie_counts"].format(
            added=words.integer(diff["ties"]["added"], lang),
            lost=words.integer(diff["ties"]["lost"], lang),
            changed=words.integer(diff["ties"]["changed"], lang),
            unchanged=words.integer(diff["ties"]["unchanged"], lang),
            jaccard=shown(diff["ties"]["jaccard"]),
        ),
        ties=[
            (
                row.change,
                t.get(str(row.change), str(row.change)),
                row.supplier,
                row.customer,
                "; ".join(words.relation(layer, lang) for layer in str(row.relation).split(";")),
                shown(row.baseline_weight),
                shown(row.followup_weight),
            )
            for row in ties.itertuples(index=False)
        ],
        in_both=t["in_both"].format(firms=words.count(diff["firms"]["both"], lang, "firm")),
        lists=[
            (t[key], len(found), names(found))
            for key, found in (
                ("entered", diff["firms"]["entered"]),
                ("left", diff["firms"]["left"]),
            )
        ],
        core=[
            (t[key], len(found), names(found))
            for key, found in (
                ("entered_core", diff["core"]["entered"]),
                ("left_core", diff["core"]["left"]),
                ("stayed_core", diff["core"]["stayed"]),
            )
        ],
        communities=diff["communities"],
        similarity=t["similarity"].format(
            firms=words.count(diff["communities"]["firms_compared"], lang, "firm"),
            ari=shown(diff["communities"]["adjusted_rand_index"]),
            nmi=shown(diff["communities"]["normalized_mutual_information"]),
        ),
        moved=t["moved_one"]
        if moved == 1
        else t["moved"].format(firms=words.count(moved, lang, "firm")),
        largest=[
            (
                _MEASURE_LABELS[lang][measure],
                [
                    (
                        c["firm"],
                        shown(c["baseline"]),
                        shown(c["followup"]),
                        _signed(c["baseline"], c["followup"], lang),
                    )
                    for c in changes
                ],
            )
            for measure, changes in diff["largest_changes"].items()
        ],
        spellings=diff["matched_spellings"],
    )


def wave_name(sources: list[dict[str, Any]]) -> str:
    """How a wave is named: its survey file."""
    return str(sources[0]["file"]) if sources else "survey"


def _shown(value: Any, lang: str = "en") -> str:
    """A figure for people, in ``lang``'s format: whole numbers (counts) as such, others
    with 3 decimals, so that the decimals of a column line up (``6.0`` is never
    ``6,000``, which a Turkish reader reads as six thousand).

    >>> _shown(0.1250, "en"), _shown(0.22, "tr"), _shown(1234, "tr"), _shown(6.0, "tr")
    ('0.125', '0,220', '1.234', '6')
    >>> _shown(-0.0001), _shown(None)
    ('0', '–')
    """
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, bool):
        return words.term("yes" if value else "no", lang)
    if isinstance(value, int | float):
        rounded = round(float(value), 3) + 0.0  # + 0.0: no "-0"
        if rounded.is_integer():
            return words.integer(int(rounded), lang)
        return words.number(rounded, lang)
    return str(value)


def _signed(before: Any, after: Any, lang: str = "en") -> str:
    """The change between two figures as shown (rounded first, so that the three agree).

    >>> _signed(5, 7), _signed(0.581, 0.572, "tr"), _signed(0.5, 0.5), _signed(None, 1)
    ('+2', '-0,009', '0', '–')
    """
    if before is None or after is None:
        return "–"
    change = round(float(after), 3) - round(float(before), 3)
    text = _shown(change, lang)
    return text if text in ("–", "0") or text.startswith("-") else "+" + text


def _trend(value: float | None) -> str:
    """A class name for the page: changed or same (whether a change is good depends on
    the figure, so it is not coloured as such)."""
    return "same" if value is None or abs(value) < 1e-12 else "changed"
