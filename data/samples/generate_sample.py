"""Generate the synthetic OSTİM-like defence-cluster survey sample.

Writes ``ostim_defence_ties.csv`` and ``ostim_defence_firms.csv`` next to this script. Every
firm is invented. The network has a planted structure (a dense core, a periphery tied to it,
sector supply chains, single-customer dependence, supply tiers, isolates) that README.md lists,
so that an analysis can be checked against it.

    python generate_sample.py            # regenerate both CSV files
    python generate_sample.py --check    # exit 1 if a committed file differs from the output

Standard library only. The output is byte-identical on every run and platform: one seeded
``random.Random``, lists in a fixed order, weights as integer tenths of a percent, rows sorted.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import random
import sys
from pathlib import Path
from typing import Any

SEED = 2008
HERE = Path(__file__).resolve().parent
TIES_PATH = HERE / "ostim_defence_ties.csv"
FIRMS_PATH = HERE / "ostim_defence_firms.csv"
TIES_HEADER = ("supplier", "customer", "weight", "relation")
FIRMS_HEADER = ("firm", "sector", "actor_class", "region", "employees", "founded", "surveyed")

AKYILDIZ = "Akyıldız Elektronik Savunma Sistemleri A.Ş."
BOZKIR = "Bozkır Kara Araçları San. A.Ş."
CELIKKANAT = "Çelikkanat Havacılık Sanayii A.Ş."
MAVIGOK = "Mavigök Komuta Kontrol Sistemleri A.Ş."
UFUKOTESI = "Ufukötesi Füze Sistemleri A.Ş."
PRIMES = (AKYILDIZ, BOZKIR, CELIKKANAT, MAVIGOK, UFUKOTESI)

# Core firms: (name, sector, region, supply chain).
CORE = (
    ("Çağlayan Hassas İşleme Ltd. Şti.", "Talaşlı İmalat", "OSTİM OSB", "machining"),
    ("Demir, Çelik ve Makine San. Tic. Ltd. Şti.", "Talaşlı İmalat", "OSTİM OSB", "machining"),
    ("Başaran Makine Parçaları San. ve Tic. A.Ş.", "Talaşlı İmalat", "İvedik OSB", "machining"),
    ("Karagöz Sac Şekillendirme Ltd. Şti.", "Sac Şekillendirme", "OSTİM OSB", "sheet metal"),
    ("Işıkören Yüzey Teknolojileri A.Ş.", "Yüzey İşlem", "OSTİM OSB", "sheet metal"),
    ("Öztürk Kablaj San. ve Tic. A.Ş.", "Kablaj", "OSTİM OSB", "cabling"),
    ("Güçlü Elektromekanik Sistemler Ltd. Şti.", "Elektromekanik", "OSTİM OSB", "cabling"),
    ("Yıldız, Ekinci ve Ortakları Elektrik Ltd. Şti.", "Elektromekanik", "Sincan OSB", "cabling"),
    ("Şahinoğlu Kompozit Teknolojileri A.Ş.", "Kompozit", "OSTİM OSB", "composites"),
    ("Doğançay Kompozit ve Polimer San. Ltd. Şti.", "Kompozit", "İvedik OSB", "composites"),
    ("ÇAĞTEK Elektronik A.Ş.", "Elektronik ve Yazılım", "Ankara Teknokent", "electronics"),
    ("Üçgen Gömülü Sistemler A.Ş.", "Elektronik ve Yazılım", "Ankara Teknokent", "electronics"),
)
# Supply chains: periphery size per sector, and the primes every core firm of the chain sells to
# (each prime serves two chains, and no two chains share both primes).
CHAINS = {
    "machining": ({"Talaşlı İmalat": 18}, (BOZKIR, UFUKOTESI)),
    "sheet metal": ({"Sac Şekillendirme": 7, "Yüzey İşlem": 5}, (BOZKIR, MAVIGOK)),
    "cabling": ({"Kablaj": 7, "Elektromekanik": 6}, (AKYILDIZ, CELIKKANAT)),
    "composites": ({"Kompozit": 8}, (CELIKKANAT, UFUKOTESI)),
    "electronics": ({"Elektronik ve Yazılım": 10}, (AKYILDIZ, MAVIGOK)),
}
# A shared heat-treatment plant, surveyed as physical infrastructure of the sheet-metal chain.
PHYSICAL = ("Kuzeybatı Ortak Isıl İşlem ve Test Tesisi A.Ş.", "Yüzey İşlem", "sheet metal")
# Knowledge infrastructure: (name, region, founded, staff, chain, periphery ties, other-core ties).
KNOWLEDGE = (
    ("Kızılırmak Teknik Üniversitesi", "Ankara (other)", 1982, 1450, "composites", 4, 1),
    ("Ilgaz Mühendislik Üniversitesi", "Ankara (other)", 1992, 910, "electronics", 4, 1),
    ("Göksu İleri İmalat Ar-Ge Merkezi", "Ankara Teknokent", 2001, 85, "machining", 3, 2),
)
# External raw-material and component suppliers: (name, region, sectors they supply).
EXTERNALS = (
    ("Avrasya Elektronik Komponent Dağıtım A.Ş.", "İstanbul", ("Elektronik ve Yazılım",)),
    ("Ege Özel Çelik Dövme A.Ş.", "İzmir", ("Talaşlı İmalat",)),
    ("Gebzeli Bakır İletken San. A.Ş.", "Kocaeli", ("Kablaj",)),
    ("Körfez Yassı Çelik ve Sac Ltd. Şti.", "Kocaeli", ("Sac Şekillendirme",)),
    ("Marmara Alüminyum Profil San. A.Ş.", "Kocaeli", ("Talaşlı İmalat", "Sac Şekillendirme")),
    ("Pınarbaşı Konnektör ve Jeneratör Parçaları A.Ş.", "İstanbul", ("Kablaj", "Elektromekanik")),
    ("Rheinfaser Verbundwerkstoffe GmbH", "Abroad", ("Kompozit",)),
    ("Zeytinli Kimya ve Kaplama Malzemeleri Ltd. Şti.", "İzmir", ("Yüzey İşlem",)),
)
ISOLATE_SECTORS = ("Talaşlı İmalat", "Kompozit", "Elektronik ve Yazılım")
N_DEPENDENT = 10  # periphery firms selling >= 60 % to one customer
N_PERIPHERY_TIES = 6  # the rare periphery -> periphery ties
P_CROSS_CORE = 0.75  # chance that two core firms of different chains are tied
P_EXTRA_PRIME = 0.25  # chance that a core firm also sells to a prime outside its chain's two

# Surnames for the generated periphery names (a word list reads better than 72 quoted literals).
STEMS = """
    Akçay Aksoy Altıntaş Arıkan Aslantürk Atalay Aydınoğlu Bağcı Balcı Baltacı Bilgiç Boztepe
    Ceylan Cömert Coşkun Çalışkan Çiftçi Dağdelen Demirtaş Dinçer Duman Erdem Ergüven Eroğlu
    Eşme Ferah Fırat Gedik Gökçe Güler Gündoğdu Hacıoğlu Harmancı Hatipoğlu Ilıca İnce İpek
    Kahraman Karaca Keskin Koçak Korkmaz Kurtuluş Nalbant Oğuz Okur Ölçer Önal Örnek
    Özgür Pamuk Peker Polat Sarıgül Soylu Sönmez Şen Şimşek Tekin Toprak Tunç Turan Uçar Uysal
    Ünal Üstün Velioğlu Vural Yalçın Yazıcı Yüce Zengin
""".split()  # noqa: SIM905
PHRASES = {
    "Talaşlı İmalat": ("Hassas İşleme", "CNC Talaşlı İmalat", "Makine İmalat", "Hassas Mekanik"),
    "Sac Şekillendirme": ("Sac Metal", "Sac Şekillendirme", "Kaynak ve Sac İşleme", "Metal Form"),
    "Yüzey İşlem": ("Yüzey İşlem", "Kaplama", "Isıl İşlem ve Kaplama", "Boya ve Yüzey Teknik"),
    "Elektromekanik": ("Elektromekanik", "Elektrik Mekanik Sistemler", "Motor ve Tahrik"),
    "Kablaj": ("Kablaj", "Kablo Demeti", "Kablaj ve Konnektör"),
    "Kompozit": ("Kompozit", "Kompozit ve Polimer", "Fiber Kompozit Yapılar"),
    "Elektronik ve Yazılım": ("Elektronik", "Yazılım ve Bilişim", "Gömülü Yazılım", "Kart Tasarım"),
}
# Legal forms; repeats weight the draw towards the limited company usual for SMEs.
LEGAL_FORMS = ("Ltd. Şti.", "Ltd. Şti.", "San. ve Tic. Ltd. Şti.", "A.Ş.", "San. ve Tic. A.Ş.")
# Business relation a supplier of each sector reports (repeats weight the draw).
RELATIONS = {
    "Talaşlı İmalat": ("subcontracting", "subcontracting", "supply"),
    "Sac Şekillendirme": ("subcontracting", "supply"),
    "Yüzey İşlem": ("service",),
    "Elektromekanik": ("supply", "supply", "subcontracting"),
    "Kablaj": ("supply", "subcontracting"),
    "Kompozit": ("supply", "subcontracting"),
    "Elektronik ve Yazılım": ("supply", "service"),
}
FOUNDED_FROM = {"Elektronik ve Yazılım": 1990, "Kompozit": 1985}  # younger trades; others 1968+
PERIPHERY_REGIONS = ("OSTİM OSB",) * 6 + ("İvedik OSB",) * 2 + ("Sincan OSB", "Ankara (other)")
TEKNOKENT_REGIONS = ("Ankara Teknokent", "Ankara Teknokent", "OSTİM OSB", "İvedik OSB")

Firms = dict[str, tuple[Any, ...]]  # firm name -> the other columns of its row
Plan = dict[str, list[tuple[str, str]]]  # supplier -> [(customer, relation)], main customer first
Ties = dict[tuple[str, str, str], int]  # (supplier, customer, relation) -> tenths of a percent


def split(rng: random.Random, total: int, parts: int, lo: int, hi: int) -> list[int]:
    """Split ``total`` into ``parts`` random integers, each between ``lo`` and ``hi``."""
    shares: list[int] = []
    for left in range(parts - 1, 0, -1):
        share = rng.randint(max(lo, total - hi * left), min(hi, total - lo * left))
        shares.append(share)
        total -= share
    return [*shares, total]


def build_firms(rng: random.Random) -> tuple[Firms, dict[str, list[str]]]:
    """Return the firm table (name -> row without the name) and each chain's periphery."""
    firms: Firms = {}

    def add(name: str, *row: object) -> None:
        if name in firms:
            raise ValueError(f"duplicate firm name: {name}")
        firms[name] = row

    n_generated = sum(sum(sizes.values()) for sizes, _ in CHAINS.values())
    stems = iter(rng.sample(STEMS, n_generated + len(ISOLATE_SECTORS)))

    def periphery_firm(sector: str) -> str:
        legal = rng.choice(LEGAL_FORMS)
        name = f"{next(stems)} {rng.choice(PHRASES[sector])} {legal}"
        regions = TEKNOKENT_REGIONS if sector == "Elektronik ve Yazılım" else PERIPHERY_REGIONS
        size = rng.randint(6, rng.choice((30, 60, 140)))
        founded = rng.randint(FOUNDED_FROM.get(sector, 1968), 2007)
        add(name, sector, "supporting firm", rng.choice(regions), size, founded, "yes")
        return name

    for prime in PRIMES:
        size, founded = rng.randint(15, 60) * 100, rng.randint(1975, 1995)
        add(prime, "Savunma Sistemleri", "prime contractor", "Ankara (other)", size, founded, "no")
    for name, region, founded, staff, *_ in KNOWLEDGE:
        add(name, "Üniversite / Ar-Ge", "knowledge infrastructure", region, staff, founded, "no")
    for name, region, _ in EXTERNALS:
        size, founded = rng.randint(15, 120) * 10, rng.randint(1960, 2000)
        add(name, "Hammadde", "external partner", region, size, founded, "no")
    for name, sector, region, _ in CORE:
        size, founded = rng.randint(60, 450), rng.randint(FOUNDED_FROM.get(sector, 1968), 2000)
        add(name, sector, "core firm", region, size, founded, "yes")
    periphery = {
        key: [periphery_firm(sector) for sector, n in sizes.items() for _ in range(n)]
        for key, (sizes, _) in CHAINS.items()
    }
    name, sector, key = PHYSICAL
    add(name, sector, "physical infrastructure", "OSTİM OSB", 38, 2004, "yes")
    periphery[key].append(name)
    for sector in ISOLATE_SECTORS:
        periphery_firm(sector)  # surveyed isolates: no partner inside the cluster
    return firms, periphery


def plan_ties(rng: random.Random, firms: Firms, periphery: dict[str, list[str]]) -> Plan:
    """Decide who is tied to whom (and by which relation), before any weights."""
    plan: Plan = {name: [] for name in firms}
    chain_of = {name: key for name, _, _, key in CORE}
    cores = list(chain_of)
    own = {key: [c for c in cores if chain_of[c] == key] for key in CHAINS}
    outside = {key: [c for c in cores if chain_of[c] != key] for key in CHAINS}

    def business(supplier: str) -> str:
        return rng.choice(RELATIONS[firms[supplier][0]])

    for name in cores:
        primes = list(CHAINS[chain_of[name]][1])
        if rng.random() < P_EXTRA_PRIME:
            primes.append(rng.choice([p for p in PRIMES if p not in primes]))
        plan[name] += [(p, business(name)) for p in primes]
    for a, b in itertools.combinations(cores, 2):  # all pairs within a chain, most across
        if chain_of[a] != chain_of[b] and rng.random() >= P_CROSS_CORE:
            continue
        pairs = [(a, b), (b, a)]
        rng.shuffle(pairs)
        for supplier, customer in pairs[: 2 if rng.random() < 0.25 else 1]:
            plan[supplier].append((customer, business(supplier)))
    for key, members in periphery.items():
        for name in members:
            n = rng.choice((1, 1, 2, 2, 2, 3))
            customers = rng.sample(own[key], min(n, len(own[key])))
            if len(customers) < n or (n > 1 and rng.random() < 0.25):
                customers = [*customers[: n - 1], rng.choice(outside[key])]
            plan[name] += [(c, business(name)) for c in customers]
    tied: set[tuple[str, str]] = set()
    while len(tied) < N_PERIPHERY_TIES:
        members = periphery[rng.choice(sorted(periphery))]
        supplier, customer = rng.sample(members, 2)
        if not {(supplier, customer), (customer, supplier)} & tied:
            tied.add((supplier, customer))
            plan[supplier].append((customer, business(supplier)))
    for name, _, _, _, key, n_periphery, n_other in KNOWLEDGE:
        targets = (
            own[key] + rng.sample(periphery[key], n_periphery) + rng.sample(outside[key], n_other)
        )
        plan[name] += [(t, "knowledge") for t in targets]
        plan[rng.choice(own[key])].append((name, "knowledge"))  # firm -> university advice
    pool = sorted(p for members in periphery.values() for p in members)
    for name, _, sectors in EXTERNALS:  # raw materials go to the periphery only
        buyers = [p for p in pool if firms[p][0] in sectors]
        for buyer in rng.sample(buyers, min(len(buyers), rng.randint(5, 9))):
            plan[name].append((buyer, "supply"))
    return plan


def weigh(rng: random.Random, firms: Firms, plan: Plan, dependent: set[str]) -> Ties:
    """Give every planned tie a share of its supplier's sales, in tenths of a percent."""
    ties: Ties = {}
    for supplier, targets in plan.items():
        n, actor_class = len(targets), firms[supplier][1]
        if len(set(targets)) < n:
            raise ValueError(f"duplicate tie planned from {supplier}")
        if not n:
            continue
        if actor_class == "core firm":  # 30-55 % to primes, a few % to each cluster partner
            k = sum(customer in PRIMES for customer, _ in targets)
            shares = split(rng, rng.randint(300, 550), k, 60, 300)
            if n > k:
                rest = min(rng.randint(25 * (n - k), 60 * (n - k)), 950 - sum(shares))
                shares += split(rng, rest, n - k, 10, 150)
        elif supplier in dependent:  # 60-85 % to the main customer
            shares = [rng.randint(600, 850)]
            if n > 1:
                shares += split(rng, rng.randint(20 * (n - 1), 45 * (n - 1)), n - 1, 10, 150)
        elif actor_class in ("supporting firm", "physical infrastructure"):
            shares = split(rng, rng.randint(100 + 100 * n, min(900, 450 * n)), n, 10, 450)
        else:  # external partners and universities spread thinly over many firms
            shares = split(rng, rng.randint(30 * n, min(90 * n, 900)), n, 10, 200)
        for (customer, relation), share in zip(targets, shares, strict=True):
            ties[supplier, customer, relation] = share
    return ties


def check_invariants(firms: Firms, ties: Ties) -> None:
    """Raise ValueError if the generated data breaks the documented contract."""
    totals: dict[str, int] = {}
    for (supplier, customer, _), share in ties.items():
        if supplier == customer or customer not in firms or not 10 <= share <= 1000:
            raise ValueError(f"bad tie {supplier} -> {customer} ({share})")
        totals[supplier] = totals.get(supplier, 0) + share
    over = sorted(s for s, total in totals.items() if total > 1000)
    if over:
        raise ValueError(f"shares add up to more than 100 % for {over}")
    if sum(row[-1] == "yes" for row in firms.values()) != 77:
        raise ValueError("the sample must have exactly 77 surveyed firms")


def percent(tenths: int) -> str:
    """Format tenths of a percent with at most one decimal: 605 -> '60.5', 600 -> '60'."""
    return f"{tenths // 10}.{tenths % 10}" if tenths % 10 else str(tenths // 10)


def render(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> bytes:
    """Return CSV bytes: UTF-8 without BOM, LF line endings, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def generate(seed: int = SEED) -> dict[Path, bytes]:
    """Build the sample and return the bytes of each output file."""
    rng = random.Random(seed)
    firms, periphery = build_firms(rng)
    plan = plan_ties(rng, firms, periphery)
    candidates = sorted(p for key in periphery for p in periphery[key] if p != PHYSICAL[0])
    ties = weigh(rng, firms, plan, set(rng.sample(candidates, N_DEPENDENT)))
    check_invariants(firms, ties)
    tie_rows = [(s, c, percent(w), r) for (s, c, r), w in sorted(ties.items())]
    firm_rows = [(name, *row) for name, row in sorted(firms.items())]
    return {TIES_PATH: render(TIES_HEADER, tie_rows), FIRMS_PATH: render(FIRMS_HEADER, firm_rows)}


def main(argv: list[str] | None = None) -> int:
    """Write the sample files, or with ``--check`` report whether they are up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    outputs = generate()
    if args.check:
        stale = [p for p, data in outputs.items() if not p.is_file() or p.read_bytes() != data]
        for path in stale:
            print(f"{path.name} is out of date: run generate_sample.py", file=sys.stderr)
        return 1 if stale else 0
    for path, data in outputs.items():
        path.write_bytes(data)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
