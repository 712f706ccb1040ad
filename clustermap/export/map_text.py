"""The words of ``map.html`` and its script, in each language of the interface."""

from __future__ import annotations

from typing import Any

__all__ = ["TEXT"]

#: language -> key -> text (nested: the script's own words under ``"script"``)
TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "map": "Cluster map",
        "ties_only": "{relation} ties only",
        "figures": "{firms} · {ties} · density {density} · {communities} · core {core}",
        "fit": " (fit {fit})",
        "overview": "Overview: {firms} firms are too many to draw one by one. Each large "
        "circle is one of the {circles} largest communities, linked by the ties between "
        "them; the {shown} firms drawn are the core and the leading brokers and hubs. "
        "firms.csv has every firm.",
        "aria": "Supply network of {firms}",
        "find": "Find a firm",
        "type": "Type part of a name",
        "show": "Show",
        "colour_by": "Colour by",
        "size_by": "Size by",
        "selected": "Selected firm",
        "click": "Click a firm to see its figures; its suppliers and customers are highlighted.",
        "legend": "Legend",
        "core_legend": "Core firm (Borgatti–Everett)",
        "periphery_legend": "Periphery firm",
        "tie_legend": "Supply tie, supplier → customer; width = weight",
        "size_legend": "Size = number of suppliers and customers",
        "made": "Made with clustermap. The layout is fixed (seeded); drag firms to rearrange.",
        "physics_off": "Physics: off",
        "reset": "Reset layout",
        "circle": "{community}: {firms}, {core} in the core",
        "core_firms": "core firms",
        "leading_brokers": "leading brokers",
        "tie": "{supplier} → {customer}: weight {weight} ({relation})",
        "smaller": "{communities} smaller · {firms}",
        "no_ties": "No ties",
        "no_community": "No ties (no community)",
        "more": "{n} more",
        "script": {
            "supplier": ["supplier", "suppliers"],
            "customer": ["customer", "customers"],
            "highlighted": "{suppliers} and {customers} highlighted.",
            "views": {
                "community": "community",
                "sector": "sector",
                "actor_class": "actor class",
                "core": "core/periphery",
            },
            "sizes": {
                "degree": "suppliers + customers",
                "betweenness": "betweenness (broker position)",
                "coreness": "coreness",
                "overview": "firms in the community (large circles), partners (firms)",
            },
            "size": "Size = {measure}",
            "all": "all",
            "physics_on": "Physics: on",
            "physics_off": "Physics: off",
            "shown": "{shown} of {total} firms shown",
            "shown_overview": "{shown} of {total} communities and firms shown",
        },
    },
    "tr": {
        "map": "Kümelenme haritası",
        "ties_only": "yalnız {relation} bağları",
        "figures": "{firms} · {ties} · yoğunluk {density} · {communities} · merkezde {core}",
        "fit": " (uyum {fit})",
        "overview": "Genel görünüm: {firms} firma tek tek çizilemeyecek kadar çok. Her büyük "
        "daire en büyük {circles} topluluktan biridir ve aralarındaki bağlarla birleşir; "
        "tek tek çizilen {shown} firma merkez ile öne çıkan aracılar ve merkezlerdir. "
        "firms.csv bütün firmaları içerir.",
        "aria": "{firms} içeren tedarik ağı",
        "find": "Firma bul",
        "type": "Adın bir kısmını yazın",
        "show": "Göster",
        "colour_by": "Renk",
        "size_by": "Büyüklük",
        "selected": "Seçilen firma",
        "click": "Göstergelerini görmek için bir firmaya tıklayın; tedarikçileri ve "
        "müşterileri vurgulanır.",
        "legend": "Açıklama",
        "core_legend": "Merkez firma (Borgatti–Everett)",
        "periphery_legend": "Çevre firma",
        "tie_legend": "Tedarik bağı, tedarikçi → müşteri; kalınlık = ağırlık",
        "size_legend": "Büyüklük = tedarikçi ve müşteri sayısı",
        "made": "clustermap ile hazırlandı. Yerleşim sabittir (tohumlu); firmaları sürükleyerek "
        "yerini değiştirebilirsiniz.",
        "physics_off": "Fizik: kapalı",
        "reset": "Yerleşimi sıfırla",
        "circle": "{community}: {firms}, merkezde {core}",
        "core_firms": "merkez firmalar",
        "leading_brokers": "öne çıkan aracılar",
        "tie": "{supplier} → {customer}: ağırlık {weight} ({relation})",
        "smaller": "{communities} daha küçük · {firms}",
        "no_ties": "Bağı yok",
        "no_community": "Bağı yok (topluluk yok)",
        "more": "{n} tane daha",
        "script": {
            "supplier": ["tedarikçi", "tedarikçi"],
            "customer": ["müşteri", "müşteri"],
            "highlighted": "{suppliers} ve {customers} vurgulandı.",
            "views": {
                "community": "topluluk",
                "sector": "sektör",
                "actor_class": "aktör sınıfı",
                "core": "merkez/çevre",
            },
            "sizes": {
                "degree": "tedarikçi + müşteri",
                "betweenness": "arasındalık (aracı konumu)",
                "coreness": "merkezilik derecesi",
                "overview": "topluluktaki firmalar (büyük daireler), ortaklar (firmalar)",
            },
            "size": "Büyüklük = {measure}",
            "all": "tümü",
            "physics_on": "Fizik: açık",
            "physics_off": "Fizik: kapalı",
            "shown": "{total} firmanın {shown} tanesi gösteriliyor",
            "shown_overview": "{total} topluluk ve firmanın {shown} tanesi gösteriliyor",
        },
    },
}
