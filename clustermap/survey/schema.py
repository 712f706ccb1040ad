"""Column roles, their English and Turkish header aliases, and value vocabularies.

The single source of truth for what a survey file may contain. Aliases are matched
after :func:`clustermap.survey.names.fold`, so case, Turkish letters, surrounding spaces,
spaces vs underscores and punctuation do not matter (``"Müşteri"``, ``"MUSTERI"`` and
``" müşteri "`` all name the customer column).
"""

from __future__ import annotations

from clustermap.survey.names import fold

#: Tie file roles -> accepted header names (first one is the documented name).
TIE_COLUMNS: dict[str, tuple[str, ...]] = {
    "supplier": (
        "supplier",
        "source",
        "from",
        "seller",
        "vendor",
        "supplier_firm",
        "tedarikçi",
        "tedarikçi firma",
        "satıcı",
        "satıcı firma",
        "kaynak",
    ),
    "customer": (
        "customer",
        "target",
        "to",
        "buyer",
        "client",
        "customer_firm",
        "müşteri",
        "müşteri firma",
        "alıcı",
        "alıcı firma",
        "hedef",
    ),
    "weight": (
        "weight",
        "share",
        "sales_share",
        "volume",
        "amount",
        "value",
        "ağırlık",
        "pay",
        "satış payı",
        "oran",
        "hacim",
        "tutar",
    ),
    "relation": (
        "relation",
        "relation_type",
        "relationship",
        "type",
        "tie_type",
        "layer",
        "ilişki",
        "ilişki türü",
        "ilişki tipi",
        "tür",
        "tip",
    ),
}
TIE_REQUIRED = ("supplier", "customer")

#: Firms file roles -> accepted header names. Other columns are kept as attributes.
FIRM_COLUMNS: dict[str, tuple[str, ...]] = {
    "firm": (
        "firm",
        "firm_name",
        "name",
        "id",
        "company",
        "company_name",
        "firma",
        "firma adı",
        "firma ismi",
        "ad",
        "isim",
        "şirket",
        "kuruluş",
    ),
    "sector": ("sector", "industry", "sektör", "sanayi", "alt sektör"),
    "actor_class": (
        "actor_class",
        "actor class",
        "actor_type",
        "class",
        "role",
        "aktör sınıfı",
        "aktör",
        "aktör türü",
        "sınıf",
        "kategori",
    ),
    "region": ("region", "location", "city", "bölge", "il", "şehir", "konum", "yer"),
    "employees": (
        "employees",
        "employee_count",
        "staff",
        "size",
        "headcount",
        "çalışan",
        "çalışan sayısı",
        "personel",
        "personel sayısı",
        "istihdam",
    ),
}
FIRM_REQUIRED = ("firm",)

#: Actor classes of Turkish cluster policy (PRODUCT.md) -> accepted spellings.
ACTOR_CLASSES: dict[str, tuple[str, ...]] = {
    "core_firm": ("core firm", "core", "çekirdek firma", "ana firma", "rekabetçi firma"),
    "supporting_firm": (
        "supporting firm",
        "complementary firm",
        "supporting",
        "supplier firm",
        "destekleyici firma",
        "tamamlayıcı firma",
        "yan sanayi",
    ),
    "knowledge_infrastructure": (
        "knowledge infrastructure",
        "knowledge and collaboration infrastructure",
        "university",
        "r&d centre",
        "research centre",
        "chamber",
        "bilgi altyapısı",
        "bilgi ve işbirliği altyapısı",
        "üniversite",
        "ar-ge merkezi",
    ),
    "physical_infrastructure": (
        "physical infrastructure",
        "infrastructure",
        "fiziki altyapı",
        "fiziksel altyapı",
    ),
    "prime_contractor": (
        "prime contractor",
        "prime",
        "oem",
        "main contractor",
        "ana yüklenici",
        "ana sanayi",
    ),
    "external_partner": (
        "external partner",
        "external",
        "outside partner",
        "dış ortak",
        "dış paydaş",
        "bölge dışı",
        "dış tedarikçi",
    ),
}

#: Relation layers (PRODUCT.md) -> accepted spellings. Other values are kept as written.
RELATIONS: dict[str, tuple[str, ...]] = {
    "supply": ("supply", "purchase", "sales", "goods", "tedarik", "alım", "satış", "mal"),
    "subcontracting": (
        "subcontracting",
        "subcontract",
        "outsourcing",
        "fason",
        "taşeron",
        "alt yüklenici",
        "alt yüklenicilik",
    ),
    "service": ("service", "services", "hizmet"),
    "knowledge": (
        "knowledge",
        "technical advice",
        "advice",
        "know-how",
        "information",
        "bilgi",
        "teknik destek",
        "danışmanlık",
        "bilgi akışı",
    ),
    "collaboration": (
        "collaboration",
        "cooperation",
        "partnership",
        "joint project",
        "işbirliği",
        "ortaklık",
        "ortak proje",
    ),
}


def _index(vocabulary: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, spellings in vocabulary.items():
        for spelling in (canonical, *spellings):
            index.setdefault(fold(spelling), canonical)
    return index


_TIE_INDEX = _index(TIE_COLUMNS)
_FIRM_INDEX = _index(FIRM_COLUMNS)
_ACTOR_INDEX = _index(ACTOR_CLASSES)
_RELATION_INDEX = _index(RELATIONS)


def tie_role(header: str) -> str | None:
    """Return the role of a tie-file header, or ``None`` for a column clustermap ignores.

    >>> tie_role(" Tedarikçi "), tie_role("MÜŞTERİ"), tie_role("Pay"), tie_role("notes")
    ('supplier', 'customer', 'weight', None)
    """
    return _TIE_INDEX.get(fold(header))


def firm_role(header: str) -> str | None:
    """Return the role of a firms-file header; ``None`` means "keep as an attribute".

    >>> firm_role("Firma Adı"), firm_role("Sektör"), firm_role("founded")
    ('firm', 'sector', None)
    """
    return _FIRM_INDEX.get(fold(header))


def actor_class(value: str) -> str | None:
    """Return the canonical actor class for ``value``, or ``None`` if it is not recognised.

    >>> actor_class("Ana Yüklenici"), actor_class("core firm"), actor_class("bakery")
    ('prime_contractor', 'core_firm', None)
    """
    return _ACTOR_INDEX.get(fold(value))


def relation(value: str) -> str:
    """Return the canonical relation layer for ``value``; unknown layers keep their spelling.

    >>> relation("Fason"), relation("teknik destek"), relation("Lojistik")
    ('subcontracting', 'knowledge', 'Lojistik')
    """
    return _RELATION_INDEX.get(fold(value), value)


def accepted_names(vocabulary: dict[str, tuple[str, ...]], role: str) -> str:
    """Human list of the headers accepted for ``role``, for error messages.

    >>> accepted_names(TIE_COLUMNS, "weight")[:30]
    'weight, share, sales_share, vo'
    """
    return ", ".join(vocabulary[role])
