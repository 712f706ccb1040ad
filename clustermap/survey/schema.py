"""Column roles, their English and Turkish header aliases, and value vocabularies.

The single source of truth for what a survey file may contain. Aliases are matched
after :func:`clustermap.survey.names.fold`, so case, Turkish letters, surrounding spaces,
spaces vs underscores and punctuation do not matter (``"Müşteri"``, ``"MUSTERI"`` and
``" müşteri "`` all name the customer column). Headers that are not an alias as a whole
are read word by word (:mod:`clustermap.survey.headers`), with the filler and stop words
listed here: ``"Tedarikçi Firmanın Adı"`` is the supplier column.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

# the layouts and the roles of --column and --firms-column are options, defined with them
# (clustermap.options) so that the command line reads them without pandas
from clustermap.options import FIRM_ROLES as FIRM_ROLES
from clustermap.options import LAYOUTS as LAYOUTS
from clustermap.options import TIE_ROLES as TIE_ROLES
from clustermap.turkish import fold

# fmt: off
#: Long layout (one row per tie) roles -> accepted header names (first = documented name).
TIE_COLUMNS: dict[str, tuple[str, ...]] = {
    "supplier": ("supplier", "source", "from", "seller", "vendor", "supplier_firm",
                 "tedarikçi", "tedarikçi firma", "satıcı", "satıcı firma", "kaynak", "ted",
                 "selling firm", "supplying firm", "from firm", "from company",
                 "mal alınan firma"),
    "customer": ("customer", "target", "to", "buyer", "client", "customer_firm",
                 "müşteri", "müşteri firma", "alıcı", "alıcı firma", "hedef", "müş",
                 "purchaser", "buying firm", "purchasing firm", "to firm", "to company",
                 "mal satılan firma"),
    "weight": ("weight", "share", "sales_share", "volume", "amount", "value", "percent", "pct",
               "ağırlık", "pay", "payı", "satış payı", "oran", "oranı", "hacim", "hacmi",
               "tutar", "tutarı", "yüzde", "ciro payı", "miktar", "miktarı", "quantity",
               "satış tutarı", "satış miktarı", "satış hacmi", "alım tutarı", "sales amount",
               "sales volume", "sales value", "purchase amount", "sales", "purchases",
               "share pct", "sales pct", "percentage", "percentage of sales", "turnover",
               "turnover share", "revenue", "revenue share", "ciro",
               # what was ordered from the supplier: an amount, so a volume
               "order value", "order amount", "order volume", "sipariş tutarı",
               "sipariş miktarı"),
    "relation": ("relation", "relation_type", "relationship", "type", "tie_type", "layer",
                 "ilişki", "ilişki türü", "ilişki tipi", "tür", "tip", "tedarik ilişkisi",
                 "iş ilişkisi", "relationship type", "relation kind", "relationship kind",
                 "kind of relation", "ilişki şekli", "ilişki biçimi"),
    "reported_by": ("reported_by", "respondent", "reporter", "interviewee", "surveyed_firm",
                    "interviewed", "interviewed firm", "görüşülen firma", "cevaplayan",
                    "yanıtlayan", "anketi dolduran", "anket yapılan firma",
                    "ankete katılan firma"),
}
TIE_REQUIRED = ("supplier", "customer")

#: Respondent layout (one row per answer: who answered, whom they named, which way).
RESPONDENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "respondent": (*TIE_COLUMNS["reported_by"], "firm", "firm_name", "company", "company_name",
                   "firma", "firma adı", "firma ismi", "görüşülen"),
    "partner": ("partner", "partner_firm", "named_firm", "other_firm", "business_partner",
                "iş ortağı", "ortak", "ortak firma", "adı geçen firma", "karşı firma"),
    "direction": ("direction", "partner_role", "partner_type", "role", "partner_is",
                  "supplier or customer", "yön", "ilişki yönü", "rol", "ortak türü",
                  "tedarikçi mi müşteri mi",
                  # a header naming both sides asks which one the partner is
                  "tedarikçi / müşteri", "müşteri / tedarikçi", "supplier / customer",
                  "customer / supplier"),
    "weight": TIE_COLUMNS["weight"],
    "relation": TIE_COLUMNS["relation"],
}
RESPONDENT_REQUIRED = ("respondent", "partner", "direction")

#: Values of the direction column: what the partner is to the respondent.
DIRECTIONS: dict[str, tuple[str, ...]] = {
    # no bare "S": English S(upplier) and Turkish S(atış: a sale, so a customer) disagree
    "supplier": ("supplier", "sup", "vendor", "seller", "buys from", "bought from", "purchase",
                 "tedarikçi", "tedarikçimiz", "tedarikçisi", "ted", "t", "satıcı", "alım",
                 "alış", "alınan", "alır"),
    "customer": ("customer", "cust", "c", "client", "buyer", "sells to", "sold to", "sales",
                 "müşteri", "müşterimiz", "müşterisi", "müş", "m", "alıcı", "satış",
                 "satılan", "satar"),
}

#: Wide layout (one row per respondent, columns supplier_1 ... customer_k): the words of
#: the numbered columns.
WIDE_SIDES: dict[str, tuple[str, ...]] = {
    "supplier": ("supplier", "suppliers", "tedarikçi", "tedarikçiler", "satıcı"),
    "customer": ("customer", "customers", "müşteri", "müşteriler", "alıcı"),
}
WIDE_RESPONDENT = RESPONDENT_COLUMNS["respondent"]

#: Firms file roles -> accepted header names. Other columns are kept as attributes.
FIRM_COLUMNS: dict[str, tuple[str, ...]] = {
    "firm": ("firm", "firm_name", "name", "id", "company", "company_name",
             "firma", "firma adı", "firma ismi", "ad", "isim", "şirket", "kuruluş"),
    "sector": ("sector", "industry", "sektör", "sanayi", "alt sektör"),
    "actor_class": ("actor_class", "actor class", "actor_type", "class", "role",
                    "aktör sınıfı", "aktör", "aktör türü", "sınıf", "kategori"),
    "region": ("region", "location", "city", "bölge", "il", "şehir", "konum", "yer",
               "bulunduğu il", "bulunduğu bölge", "bulunduğu yer"),
    "employees": ("employees", "employee_count", "staff", "size", "headcount",
                  "çalışan", "çalışan sayısı", "personel", "personel sayısı", "istihdam"),
    "surveyed": ("surveyed", "respondent", "interviewed", "answered",
                 "görüşüldü", "görüşülen", "ankete katıldı", "anket"),
}
FIRM_REQUIRED = ("firm",)

#: Alias file (the consultant's decisions on firm names): variant -> canonical name.
ALIAS_COLUMNS: dict[str, tuple[str, ...]] = {
    "variant": ("variant", "alias", "spelling", "from", "name", "yazım", "varyant", "diğer ad",
                "yanlış yazım", "hatalı yazım", "yanlış ad", "wrong spelling", "misspelling"),
    "canonical": ("canonical", "canonical_name", "to", "firm", "merge_into",
                  "doğru ad", "standart ad", "firma"),
    # what clustermap check --write-aliases says of the row: a row it only suggests
    # ("suggested: …") is not applied until a person accepts it
    "reason": ("reason", "decision", "status", "neden", "karar", "durum"),
}
#: How the alias file's reason column marks a row clustermap only suggests.
SUGGESTED = "suggested"

#: Spellings of yes and no in a surveyed column.
YES = ("yes", "y", "true", "1", "x", "evet", "e", "var", "görüşüldü")
NO = ("no", "n", "false", "0", "hayır", "h", "yok", "")

#: Actor classes of Turkish cluster policy (PRODUCT.md) -> accepted spellings.
ACTOR_CLASSES: dict[str, tuple[str, ...]] = {
    "core_firm": ("core firm", "core", "çekirdek firma", "ana firma", "rekabetçi firma"),
    "supporting_firm": ("supporting firm", "complementary firm", "supporting", "supplier firm",
                        "destekleyici firma", "tamamlayıcı firma", "yan sanayi"),
    "knowledge_infrastructure": (
        "knowledge infrastructure", "knowledge and collaboration infrastructure",
        "university", "r&d centre", "research centre", "chamber",
        "bilgi altyapısı", "bilgi ve işbirliği altyapısı", "üniversite", "ar-ge merkezi"),
    "physical_infrastructure": ("physical infrastructure", "infrastructure",
                                "fiziki altyapı", "fiziksel altyapı"),
    "prime_contractor": ("prime contractor", "prime", "oem", "main contractor",
                         "ana yüklenici", "ana sanayi"),
    "external_partner": ("external partner", "external", "outside partner", "dış ortak",
                         "dış paydaş", "bölge dışı", "dış tedarikçi"),
}

#: Relation layers (PRODUCT.md) -> accepted spellings. Other values are kept as written.
RELATIONS: dict[str, tuple[str, ...]] = {
    "supply": ("supply", "purchase", "sales", "goods", "tedarik", "alım", "satış", "mal"),
    "subcontracting": ("subcontracting", "subcontract", "outsourcing", "fason", "fason üretim",
                       "fason iş", "taşeron", "alt yüklenici", "alt yüklenicilik"),
    "service": ("service", "services", "hizmet", "hizmet alımı", "hizmet satışı"),
    "knowledge": ("knowledge", "technical advice", "advice", "know-how", "information",
                  "bilgi", "teknik destek", "bilgi / teknik destek", "teknik destek / bilgi",
                  "danışmanlık", "bilgi akışı", "bilgi paylaşımı"),
    "collaboration": ("collaboration", "cooperation", "partnership", "joint project",
                      "işbirliği", "ortaklık", "ortak proje"),
}
# fmt: on

#: The longest firm name (after cleaning) a survey may hold: longer is a pasted paragraph,
#: not a name, and would take minutes to compare and shrink every picture to a dot.
LONGEST_NAME = 500

# fmt: off
# Reading headers word by word (clustermap.survey.headers). Each list is written as a
# person writes the words; they are compared after folding and stemming.
#: Words that say a column holds names without saying whose: "Tedarikçi Firmanın Adı" is
#: the supplier column. A header made of them alone ("Firma Adı") matches only the roles
#: that list such a header among their aliases (the firm, the respondent).
FILLER_WORDS = (
    "ad", "adı", "adları", "isim", "ismi", "isimleri", "unvan", "ünvan", "ticari", "tam", "resmi",
    "name", "names", "company", "companies", "firm", "firms", "firma", "şirket", "kuruluş",
    "işletme", "title", "legal", "full", "official", "id", "kod", "kodu", "code", "no", "nr",
    "number",
)
#: Words that join others and say nothing of the role ("Share of sales", "Görüşüldü mü?");
#: Turkish endings written after an apostrophe ("OSTİM'in") are split off as words too.
STOP_WORDS = (
    "of", "the", "for", "by", "per", "and", "or", "a", "an", "s", "in", "ile", "ve", "veya",
    "mu", "mi", "nin", "nın", "nun", "nün", "un", "ün", "ın", "i", "ı", "u", "ü", "e",
    "de", "da", "den", "dan", "your", "my", "our", "its",
    # qualifiers of an amount, a share or a partner: "Toplam Satış İçindeki Payı", "Annual
    # amount", "Firmanızın en önemli tedarikçisi"
    "toplam", "total", "yıllık", "annual", "yearly", "tahmini", "estimated", "yaklaşık",
    "approximate", "approx", "içindeki", "içinde", "within", "ortalama", "average", "net",
    "gross", "brüt", "en", "önemli", "important", "main", "başlıca", "ana", "büyük",
    "largest", "biggest", "major", "key", "primary", "birincil",
)
#: Words of columns clustermap does not read (dates, notes, addresses): never taken for a
#: typo of a role's word ("Açıklama satırı" is no misspelt "satıcı").
OTHER_WORDS = (
    "açıklama", "satır", "sıra", "tarih", "not", "notlar", "adres", "telefon", "eposta",
    "email", "mail", "date", "note", "notes", "description", "comment", "comments", "yorum",
    "ilçe", "ülke", "country", "city", "timestamp", "zaman", "damga", "fiyat", "birim",
    "price", "unit", "vergi", "tax", "web", "ili", "şehri", "province",
)
#: Words that open a questionnaire's column with its question number ("S3. Tedarikçi",
#: "Q2 Supplier name"): with the number after them, they are no part of the header.
QUESTION_WORDS = ("soru", "question", "q", "s")
#: English words after which a header names what it belongs to: in "Share of supplier" the
#: column is the share, not the supplier.
HEAD_BEFORE = ("of", "for")
#: Aliases too short or too general to decide a role inside a longer header: "Tür" alone is
#: the relation, but "Tedarikçi Türü" is not; "Type" is the relation, "Product type" is
#: not; "From firm" is the supplier, but "Valid from" names no firm.
EXACT_ONLY = (
    "to", "from", "type", "tip", "tür", "size", "class", "il", "yer", "id", "name",
    "ad", "isim", "anket", "c", "t", "m", "pct", "from firm", "from company", "to firm",
    "to company",
)
#: Filler words that say a column holds codes rather than names: "Tedarikçi Kodu" is the
#: supplier column only when no other column names the suppliers ("Tedarikçi Adı").
CODE_WORDS = ("id", "kod", "kodu", "code", "no", "nr", "number", "numara", "numarası")
#: Roles that say what a column measures rather than which firm it names: in a header
#: with words of both ("Müşteri Payı", the share of the customer) the measure wins.
MEASURE_ROLES = frozenset(
    {"weight", "relation", "direction", "sector", "actor_class", "region", "employees",
     "surveyed"}
)
#: The firm that answered: "reported_by" in the long layout, "respondent" in the others.
ROLE_SYNONYMS = {"reported_by": "respondent", "respondent": "reported_by"}
# fmt: on


def _index(vocabulary: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, spellings in vocabulary.items():
        for spelling in (canonical, *spellings):
            index.setdefault(fold(spelling), canonical)
    return index


@functools.lru_cache(maxsize=64)
def _index_of(entries: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    """The folded spelling -> role index of a vocabulary, made once per vocabulary (the
    cache is keyed by its entries, so any vocabulary works, not only these)."""
    return _index(dict(entries))


_WEIGHT_WORDS = frozenset(fold(word) for word in TIE_COLUMNS["weight"])
_NUMBERED = re.compile(r"^(?P<side>[a-z]+?)_?(?P<number>\d+)(?:_(?P<measure>[a-z_]+))?$")
_MEASURE_FIRST = re.compile(r"^(?P<side>[a-z]+)_(?P<measure>[a-z_]+?)_?(?P<number>\d+)$")
_UNITS = re.compile(r"\(.*?\)|\[.*?\]|%")
_TRUTH = {**dict.fromkeys(map(fold, YES), True), **dict.fromkeys(map(fold, NO), False)}


def role(vocabulary: dict[str, tuple[str, ...]], header: str) -> str | None:
    """Return the role of ``header`` in ``vocabulary``, or ``None``.

    A unit in brackets or a percent sign does not change the role: ``"Tutar (TL)"`` is
    the amount, ``"Pay %"`` the share.

    >>> role(RESPONDENT_COLUMNS, "Görüşülen Firma"), role(FIRM_COLUMNS, "notes")
    ('respondent', None)
    >>> role(TIE_COLUMNS, "Tutar (TL)"), role(TIE_COLUMNS, "Pay %")
    ('weight', 'weight')
    """
    index = _index_of(tuple(vocabulary.items()))
    return index.get(fold(header)) or index.get(fold(_UNITS.sub(" ", header)))


def tie_role(header: str) -> str | None:
    """Return the role of a long-layout header, or ``None`` for a column clustermap ignores.

    >>> tie_role(" Tedarikçi "), tie_role("MÜŞTERİ"), tie_role("Pay"), tie_role("notes")
    ('supplier', 'customer', 'weight', None)
    """
    return role(TIE_COLUMNS, header)


def firm_role(header: str) -> str | None:
    """Return the role of a firms-file header; ``None`` means "keep as an attribute".

    >>> firm_role("Firma Adı"), firm_role("Sektör"), firm_role("founded")
    ('firm', 'sector', None)
    """
    return role(FIRM_COLUMNS, header)


def wide_column(header: str) -> tuple[str, int, str] | None:
    """Read a numbered column of the wide layout: (side, number, "name" or "weight").

    >>> wide_column("Tedarikçi 2"), wide_column("customer_3_share"), wide_column("pay_müşteri_1")
    (('supplier', 2, 'name'), ('customer', 3, 'weight'), None)
    >>> wide_column("supplier_share_1"), wide_column("notes_1"), wide_column("Tedarikçi 1 (%)")
    (('supplier', 1, 'weight'), None, ('supplier', 1, 'weight'))
    """
    folded = fold(_UNITS.sub(" ", header))
    match = _NUMBERED.match(folded) or _MEASURE_FIRST.match(folded)
    if match is None:
        return None
    side = role(WIDE_SIDES, match["side"])
    measure = match["measure"]
    if side is None:
        return None
    if measure is None:  # "Tedarikçi 1 (%)" is the share of supplier 1
        return side, int(match["number"]), "weight" if _UNITS.search(header) else "name"
    if measure in _WEIGHT_WORDS:
        return side, int(match["number"]), "weight"
    return None


def direction(value: str) -> str | None:
    """What a respondent's partner is to it: ``"supplier"``, ``"customer"`` or ``None``.

    >>> direction("Tedarikçi"), direction("M"), direction("sells to"), direction("friend")
    ('supplier', 'customer', 'customer', None)
    """
    return role(DIRECTIONS, value)


def truth(value: str) -> bool | None:
    """Read a yes/no cell (English or Turkish); ``None`` if it is neither.

    >>> truth("Evet"), truth("no"), truth(""), truth("maybe")
    (True, False, False, None)
    """
    return _TRUTH.get(fold(value))


def actor_class(value: str) -> str | None:
    """Return the canonical actor class for ``value``, or ``None`` if it is not recognised.

    >>> actor_class("Ana Yüklenici"), actor_class("core firm"), actor_class("bakery")
    ('prime_contractor', 'core_firm', None)
    """
    return role(ACTOR_CLASSES, value)


def relation(value: str) -> str:
    """Return the canonical relation layer for ``value``; unknown layers keep their spelling.

    >>> relation("Fason"), relation("teknik destek"), relation("Lojistik")
    ('subcontracting', 'knowledge', 'Lojistik')
    """
    return role(RELATIONS, value) or value


def accepted_names(vocabulary: Mapping[str, tuple[str, ...]], role: str) -> str:
    """Human list of the headers accepted for ``role``, for error messages.

    >>> accepted_names(TIE_COLUMNS, "weight")[:30]
    'weight, share, sales_share, vo'
    """
    return ", ".join(vocabulary[role])
