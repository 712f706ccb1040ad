"""What people read, in their language: numbers, counts, the field's terms and labels.

Every page, picture and text a person reads (``report.html``, ``map.html``,
``compare.html``, the firm pages, ``map.png``) takes its words and number format from here,
in English or Turkish. Files for programs (CSV, JSON) keep the machine format.

The Turkish terms are those Turkish cluster consultants write (merkez/çevre, yoğunluk,
aracı rolleri, yapısal boşluk, tedarik kademesi, tek müşteriye bağımlılık);
``docs/glossary.md`` lists each term in both languages with the measure it names.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "actor_class",
    "count",
    "integer",
    "number",
    "percent",
    "relation",
    "term",
]


def number(value: float | None, lang: str, digits: int = 3) -> str:
    """A figure as people write it: ``0.035`` and ``1,234.5`` in English, ``0,035`` and
    ``1.234,5`` in Turkish; ``–`` for none.

    >>> number(0.0354, "tr"), number(1234.5, "tr", 1), number(1234.5, "en", 1)
    ('0,035', '1.234,5', '1,234.5')
    >>> number(None, "tr"), number(float("nan"), "en")
    ('–', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return _localised(f"{value:,.{digits}f}", lang)


def integer(value: int, lang: str) -> str:
    """A whole number with thousands marked: ``12,345`` / ``12.345``.

    >>> integer(12345, "en"), integer(12345, "tr"), integer(7, "tr")
    ('12,345', '12.345', '7')
    """
    return _localised(f"{int(value):,}", lang)


def percent(share: float | None, lang: str, digits: int = 0) -> str:
    """A share as a percentage: ``51%`` in English, ``%51`` in Turkish (``%51,5``).

    >>> percent(0.515, "en", 1), percent(0.515, "tr", 1), percent(0.5, "tr")
    ('51.5%', '%51,5', '%50')
    """
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    shown = _localised(f"{share * 100:,.{digits}f}", lang)
    return f"%{shown}" if lang == "tr" else f"{shown}%"


def count(value: int, lang: str, noun: str) -> str:
    """A number of things: English makes the noun plural; Turkish does not after a number
    ("3 firma"). ``noun`` is a key of the nouns below.

    >>> count(1, "en", "firm"), count(3, "en", "firm"), count(3, "tr", "firm")
    ('1 firm', '3 firms', '3 firma')
    >>> count(2, "en", "community"), count(1200, "tr", "tie")
    ('2 communities', '1.200 bağ')
    """
    one, many = _NOUNS[lang][noun]
    return f"{integer(value, lang)} {one if value == 1 else many}"


def term(key: str, lang: str, **values: Any) -> str:
    """The interface text ``key`` in ``lang``, with ``values`` filled in.

    >>> term("core", "tr"), term("core", "en")
    ('Merkez', 'Core')
    """
    text = TERMS[lang][key]
    return text.format(**values) if values else text


def actor_class(value: Any, lang: str) -> str:
    """An actor class by its name in ``lang``; other values as written.

    >>> actor_class("supporting_firm", "tr"), actor_class("supporting_firm", "en")
    ('Destekleyici firma', 'Supporting firm')
    >>> actor_class("Belediye", "tr")
    'Belediye'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return ACTOR_CLASSES[lang].get(str(value), str(value))


def relation(value: Any, lang: str) -> str:
    """A relation layer by its name in ``lang``; other layers as written.

    >>> relation("subcontracting", "tr"), relation("knowledge", "en")
    ('fason üretim', 'knowledge')
    """
    return RELATIONS[lang].get(str(value), str(value))


def _localised(text: str, lang: str) -> str:
    """English-formatted digits (``1,234.5``) in ``lang``'s marks."""
    if lang != "tr":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


_NOUNS = {
    "en": {
        "firm": ("firm", "firms"),
        "tie": ("tie", "ties"),
        "community": ("community", "communities"),
        "supplier": ("supplier", "suppliers"),
        "customer": ("customer", "customers"),
        "randomisation": ("randomised network", "randomised networks"),
        "survey": ("survey", "surveys"),
        "more": ("more", "more"),
    },
    "tr": {
        "firm": ("firma", "firma"),
        "tie": ("bağ", "bağ"),
        "community": ("topluluk", "topluluk"),
        "supplier": ("tedarikçi", "tedarikçi"),
        "customer": ("müşteri", "müşteri"),
        "randomisation": ("rastgele ağ", "rastgele ağ"),
        "survey": ("anket", "anket"),
        "more": ("tane daha", "tane daha"),
    },
}

ACTOR_CLASSES = {
    "en": {
        "core_firm": "Core firm",
        "supporting_firm": "Supporting firm",
        "knowledge_infrastructure": "Knowledge infrastructure",
        "physical_infrastructure": "Physical infrastructure",
        "prime_contractor": "Prime contractor",
        "external_partner": "External partner",
    },
    "tr": {
        "core_firm": "Çekirdek firma",
        "supporting_firm": "Destekleyici firma",
        "knowledge_infrastructure": "Bilgi altyapısı",
        "physical_infrastructure": "Fiziki altyapı",
        "prime_contractor": "Ana yüklenici",
        "external_partner": "Dış ortak",
    },
}

#: The columns of firms.csv as a Turkish page names them (English pages show the columns'
#: own names, as firms.csv has them).
COLUMNS_TR = {
    "firm": "Firma",
    "community": "Topluluk",
    "cp_class": "Merkez/çevre",
    "coreness": "Merkezilik derecesi",
    "core_number": "k-çekirdek",
    "in_degree": "Tedarikçi sayısı",
    "out_degree": "Müşteri sayısı",
    "in_strength": "Tedarikçilerden gelen ağırlık",
    "out_strength": "Müşterilere giden ağırlık",
    "betweenness": "Arasındalık",
    "closeness": "Yakınlık",
    "pagerank": "PageRank",
    "eigenvector": "Özvektör merkeziliği",
    "constraint": "Kısıt",
    "effective_size": "Etkin büyüklük",
    "efficiency": "Verimlilik",
    "community_stability": "Topluluk kararlılığı",
    "broker_coordinator": "Koordinatör rolü",
    "broker_gatekeeper": "Kapı bekçisi rolü",
    "broker_representative": "Temsilci rolü",
    "broker_consultant": "Danışman rolü",
    "broker_liaison": "İrtibatçı rolü",
    "broker_total": "Aracı rolleri toplamı",
    "broker_coordinator_z": "Koordinatör rolü (z)",
    "broker_gatekeeper_z": "Kapı bekçisi rolü (z)",
    "broker_representative_z": "Temsilci rolü (z)",
    "broker_consultant_z": "Danışman rolü (z)",
    "broker_liaison_z": "İrtibatçı rolü (z)",
    "customer_hhi": "Müşteri yoğunlaşması (HHI)",
    "top_customer_share": "En büyük müşterinin payı",
    "effective_customers": "Etkin müşteri sayısı",
    "top_customer_sales": "En büyük müşterinin satışlardaki payı",
    "single_customer_dependent": "Tek müşteriye bağımlı",
    "supplier_hhi": "Tedarikçi yoğunlaşması (HHI)",
    "top_supplier_share": "En büyük tedarikçinin payı",
    "effective_suppliers": "Etkin tedarikçi sayısı",
    "integrator": "Bütünleştirici",
    "allocator": "Dağıtıcı",
    "tier": "Tedarik kademesi",
    "cut_firm": "Kesen firma",
    "supply_control": "Tedarik denetimi",
    "sector": "Sektör",
    "actor_class": "Aktör sınıfı",
    "region": "Bölge",
    "employees": "Çalışan sayısı",
    "surveyed": "Ankete katıldı",
}

RELATIONS = {
    "en": {},
    "tr": {
        "supply": "tedarik",
        "subcontracting": "fason üretim",
        "service": "hizmet",
        "knowledge": "bilgi / teknik destek",
        "collaboration": "işbirliği",
    },
}

#: Interface texts. The measures' names follow docs/glossary.md.
TERMS: dict[str, dict[str, str]] = {
    "en": {
        "cluster_map": "Cluster map",
        "cluster_analysis": "Cluster analysis",
        "firms": "Firms",
        "ties": "Ties",
        "density": "Density",
        "reciprocity": "Reciprocity",
        "communities": "Communities",
        "community": "Community",
        "modularity": "Modularity",
        "core": "Core",
        "periphery": "Periphery",
        "core_firm": "Core firm",
        "periphery_firm": "Periphery firm",
        "core_periphery": "Core/periphery",
        "core_periphery_fit": "Core/periphery fit",
        "coreness": "Coreness",
        "sector": "Sector",
        "actor_class": "Actor class",
        "relation": "Relation",
        "region": "Region",
        "in_degree": "Suppliers",
        "out_degree": "Customers",
        "degree": "Number of suppliers and customers",
        "betweenness": "Betweenness (broker position)",
        "closeness": "Closeness",
        "pagerank": "PageRank",
        "eigenvector": "Eigenvector centrality",
        "core_number": "k-core",
        "constraint": "Constraint (structural holes)",
        "effective_size": "Effective size",
        "efficiency": "Efficiency",
        "tier": "Supply tier",
        "top_customer_share": "Top customer's share",
        "top_customer_sales": "Top customer's share of sales",
        "single_customer_dependent": "Dependent on one customer",
        "cut_firm": "Cut firm",
        "integrator": "Integrator (many suppliers)",
        "allocator": "Allocator (many customers)",
        "brokerage": "Brokerage roles",
        "coordinator": "Coordinator",
        "gatekeeper": "Gatekeeper",
        "representative": "Representative",
        "consultant": "Consultant",
        "liaison": "Liaison",
        "structural_holes": "Structural holes",
        "resilience": "Resilience",
        "fragile": "fragile",
        "robust": "robust",
        "picture_title": "{title}: {firms}, {ties}, {communities}, core of {core}",
        "legend_community": "Community {number} ({firms})",
        "legend_other": "Smaller communities, firms without ties",
        "legend_tie": "Supply tie (arrow: supplier → customer)",
        "legend_tie_undirected": "Supply tie (direction not drawn above {limit} ties)",
        "legend_ties_sampled": "Supply ties ({drawn} of {ties} drawn)",
        "legend_size": "Size: number of suppliers and customers",
        "legend_firms_drawn": " ({drawn} most connected of {firms} firms drawn)",
        "yes": "yes",
        "no": "no",
        "all": "all",
        "none": "none",
    },
    "tr": {
        "cluster_map": "Kümelenme haritası",
        "cluster_analysis": "Kümelenme analizi",
        "firms": "Firmalar",
        "ties": "Bağlar",
        "density": "Yoğunluk",
        "reciprocity": "Karşılıklılık",
        "communities": "Topluluklar",
        "community": "Topluluk",
        "modularity": "Modülerlik",
        "core": "Merkez",
        "periphery": "Çevre",
        "core_firm": "Merkez firma",
        "periphery_firm": "Çevre firma",
        "core_periphery": "Merkez/çevre",
        "core_periphery_fit": "Merkez/çevre uyumu",
        "coreness": "Merkezilik derecesi",
        "sector": "Sektör",
        "actor_class": "Aktör sınıfı",
        "relation": "İlişki",
        "region": "Bölge",
        "in_degree": "Tedarikçi sayısı",
        "out_degree": "Müşteri sayısı",
        "degree": "Tedarikçi ve müşteri sayısı",
        "betweenness": "Arasındalık (aracı konumu)",
        "closeness": "Yakınlık",
        "pagerank": "PageRank",
        "eigenvector": "Özvektör merkeziliği",
        "core_number": "k-çekirdek",
        "constraint": "Kısıt (yapısal boşluk)",
        "effective_size": "Etkin büyüklük",
        "efficiency": "Verimlilik",
        "tier": "Tedarik kademesi",
        "top_customer_share": "En büyük müşterinin payı",
        "top_customer_sales": "En büyük müşterinin satışlardaki payı",
        "single_customer_dependent": "Tek müşteriye bağımlı",
        "cut_firm": "Kesen firma",
        "integrator": "Bütünleştirici (çok tedarikçi)",
        "allocator": "Dağıtıcı (çok müşteri)",
        "brokerage": "Aracı rolleri",
        "coordinator": "Koordinatör",
        "gatekeeper": "Kapı bekçisi",
        "representative": "Temsilci",
        "consultant": "Danışman",
        "liaison": "İrtibatçı",
        "structural_holes": "Yapısal boşluklar",
        "resilience": "Dayanıklılık",
        "fragile": "kırılgan",
        "robust": "dayanıklı",
        "picture_title": "{title}: {firms}, {ties}, {communities}, merkezde {core}",
        "legend_community": "Topluluk {number} ({firms})",
        "legend_other": "Küçük topluluklar, bağı olmayan firmalar",
        "legend_tie": "Tedarik bağı (ok: tedarikçi → müşteri)",
        "legend_tie_undirected": "Tedarik bağı ({limit} bağın üstünde yön çizilmedi)",
        "legend_ties_sampled": "Tedarik bağları ({ties} bağın {drawn} tanesi çizildi)",
        "legend_size": "Büyüklük: tedarikçi ve müşteri sayısı",
        "legend_firms_drawn": " ({firms} firmanın en çok bağlı {drawn} tanesi çizildi)",
        "yes": "evet",
        "no": "hayır",
        "all": "tümü",
        "none": "yok",
    },
}
