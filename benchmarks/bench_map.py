"""How fast map.html becomes interactive in headless Chromium, for growing networks.

Usage: python benchmarks/bench_map.py [--sizes 100 500 2000] [--chromium /usr/bin/chromium]

For each size, generates a seeded supply network (preferential attachment, 2 ties per firm),
analyses it (`--nulls 0`), writes the result folder, and opens map.html in headless Chromium
with the network blocked: prints the time to the page's ready mark (data parsed, network drawn,
controls wired) and to the first completed click on a firm. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def survey(path: Path, firms: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    rows, targets = [], [0, 1]
    for firm in range(2, firms):
        for customer in {rng.choice(targets) for _ in range(2)}:
            rows.append(f"Firma {firm},Firma {customer},{rng.randint(1, 40)}")
            targets.append(customer)
        targets.append(firm)
    path.write_text("supplier,customer,weight\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    arguments = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from clustermap.api import AnalysisOptions, analyze
    from clustermap.export import write_results

    scratch = Path(tempfile.mkdtemp(prefix="clustermap-map-"))
    print(
        f"{'firms':>6} {'ties':>6} {'analyse s':>10} {'html MB':>8} {'ready s':>8} {'click s':>8}"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=arguments.chromium, args=FLAGS)
        for size in arguments.sizes:
            path = survey(scratch / f"s{size}.csv", size)
            start = time.perf_counter()
            result = analyze(path, options=AnalysisOptions(nulls=0, runs=5, cp_starts=10))
            out = write_results(result, scratch / f"r{size}")
            analysed = time.perf_counter() - start
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith("file://") else route.abort()
                ),
            )
            start = time.perf_counter()
            page.goto((out / "map.html").as_uri())
            page.wait_for_selector("body[data-ready=true]", timeout=120_000)
            ready = time.perf_counter() - start
            start = time.perf_counter()
            page.evaluate("""(() => { const net = window.clustermapNetwork;
                net.selectNodes([0], true); net.focus(0); })()""")
            clicked = time.perf_counter() - start
            megabytes = (out / "map.html").stat().st_size / 1e6
            print(
                f"{size:>6} {result.graph.number_of_edges():>6} {analysed:>10.2f} "
                f"{megabytes:>8.2f} {ready:>8.2f} {clicked:>8.3f}"
            )
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
