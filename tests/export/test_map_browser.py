"""map.html as a person sees it: a real headless Chromium with the network blocked.

Skipped when no Chromium is installed, except under CI (``CI`` set), where a missing
browser is a failure: ``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clustermap.api import analyze
from clustermap.export import write_results
from clustermap.export.labels import label_text
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES
from tests.export.test_map import HOSTILE, hostile_survey

pytestmark = pytest.mark.browser


class Page:
    """A loaded map page, with every request, console message and dialog recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.console.append(("pageerror", str(error))))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", timeout=15_000)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:  # the network is unplugged
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def evaluate(self, script: str) -> Any:
        return self.page.evaluate(script)

    def assert_clean(self) -> None:
        assert self.blocked == []
        assert [url for url in self.requests if not url.startswith("file://")] == []
        assert [m for m in self.console if m[0] in ("error", "pageerror", "warning")] == []
        assert self.dialogs == []


@pytest.fixture(scope="module")
def sample_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "results"
    write_results(analyze(SAMPLE_TIES, SAMPLE_FIRMS), out)
    return out / "map.html"


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    out = folder / "results"
    write_results(analyze(hostile_survey(folder)), out)
    return out / "map.html"


def test_sample_map_loads_offline_without_errors(browser: Any, sample_map: Path) -> None:
    page = Page(browser, sample_map)
    page.assert_clean()
    assert page.evaluate("window.clustermapNetwork.body.data.nodes.length") == 93
    colours = page.evaluate("document.querySelectorAll('#colour-legend li').length")
    assert colours == 5 + 1  # five communities and the firms without ties
    assert page.evaluate("document.querySelectorAll('#legend li').length") == 4
    page.context.close()


def test_map_screenshot_is_not_blank(browser: Any, sample_map: Path) -> None:
    page = Page(browser, sample_map)
    shot = page.page.locator("#network").screenshot()
    assert len(shot) > 20_000  # a drawn network, not an empty canvas
    page.context.close()


def test_layout_is_the_same_on_every_load(browser: Any, sample_map: Path) -> None:
    positions = []
    for _ in range(2):
        page = Page(browser, sample_map)
        positions.append(page.evaluate("JSON.stringify(window.clustermapNetwork.getPositions())"))
        page.context.close()
    assert positions[0] == positions[1]


def test_hostile_names_are_shown_as_text_and_never_run(browser: Any, hostile_map: Path) -> None:
    page = Page(browser, hostile_map)
    page.assert_clean()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    labels = page.evaluate("window.clustermapNetwork.body.data.nodes.get().map(n => n.label)")
    shown = [label for label in labels if label]  # a label that would overlap is left out
    assert shown
    assert set(shown) <= {label_text(name) for name in HOSTILE}  # shortened: "…"
    page.page.fill("#search", "<img")
    page.page.click("#matches li")
    details = page.evaluate("document.getElementById('details').innerText")
    assert "<img src=x onerror=alert(1)>" in details
    page.assert_clean()
    page.context.close()


def test_search_is_loose_about_case_and_turkish_letters(browser: Any, sample_map: Path) -> None:
    page = Page(browser, sample_map)
    page.page.fill("#search", "CAGLAYAN hassas")  # typed without Turkish letters
    matches = page.evaluate(
        "[...document.querySelectorAll('#matches li')].map(li => li.textContent)"
    )
    assert matches == ["Çağlayan Hassas İşleme Ltd. Şti."]
    details = page.evaluate("document.getElementById('details').innerText")
    assert "Çağlayan Hassas İşleme Ltd. Şti." in details  # a single match is selected
    selected = page.evaluate("window.clustermapNetwork.getSelectedNodes().length")
    assert selected == 1
    page.context.close()


def test_clicking_a_firm_shows_its_figures(browser: Any, sample_map: Path) -> None:
    page = Page(browser, sample_map)
    point = page.evaluate("""(() => {
        const net = window.clustermapNetwork;
        const id = net.body.data.nodes.get().find(n => n.label.startsWith('Doğançay')).id;
        return net.canvasToDOM(net.getPositions([id])[id]);
    })()""")
    box = page.page.locator("#network").bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    details = page.evaluate("document.getElementById('details').innerText")
    assert "Doğançay Kompozit ve Polimer San. Ltd. Şti." in details
    assert "betweenness" in details
    assert "suppliers and" in details
    highlighted = page.evaluate("window.clustermapNetwork.getSelectedEdges().length")
    assert highlighted > 0
    page.assert_clean()
    page.context.close()


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_report_loads_offline_and_is_not_blank(
    browser: Any, sample_map: Path, hostile_map: Path, which: str
) -> None:
    report = (sample_map if which == "sample" else hostile_map).parent / "report.html"
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    blocked: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file://", "data:"))
            else (blocked.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    assert blocked == []
    assert messages == []
    assert page.evaluate("document.querySelector('img.map').naturalWidth") > 1000
    shot = page.screenshot()
    assert len(set(shot[100:])) > 50  # not a blank page
    text = page.inner_text("body")
    assert "Core firms" in text or "Merkez firmalar" in text
    if which == "hostile":
        assert "<img src=x onerror=alert(1)>" in text  # shown as text, not run
        assert page.evaluate("document.querySelectorAll('script, svg, iframe').length") == 0
    context.close()


def test_filters_colour_and_size_switches(browser: Any, sample_map: Path) -> None:
    page = Page(browser, sample_map)
    network = "window.clustermapNetwork.body.data"
    assert page.evaluate("document.getElementById('shown').textContent") == "93 of 93 firms shown"
    page.page.select_option("select.filter[data-view='core']", "Core")
    assert page.evaluate("document.getElementById('shown').textContent") == "13 of 93 firms shown"
    hidden = page.evaluate(f"{network}.nodes.get().filter(n => n.hidden).length")
    assert hidden == 80
    visible_edges = page.evaluate(f"{network}.edges.get().filter(e => !e.hidden).length")
    assert 0 < visible_edges < 303
    page.page.select_option("select.filter[data-view='core']", "")
    page.page.select_option("#relation-filter", "knowledge")
    knowledge = page.evaluate(f"{network}.edges.get().filter(e => !e.hidden).length")
    assert knowledge == 25  # the sample's knowledge ties
    page.page.select_option("#colour-by", "sector")
    legend = page.evaluate(
        "[...document.querySelectorAll('#colour-legend li')].map(li => li.textContent)"
    )
    assert "Talaşlı İmalat · 22 firms" in legend
    page.page.select_option("#size-by", "coreness")
    assert "coreness" in page.evaluate("document.getElementById('size-legend').textContent")
    page.page.click("#physics")
    assert page.evaluate("document.getElementById('physics').textContent") == "Physics: on"
    page.page.wait_for_timeout(300)  # let physics move the firms
    page.page.click("#reset-layout")
    assert page.evaluate("document.getElementById('physics').textContent") == "Physics: off"
    moved = page.evaluate(
        """() => {
            const data = JSON.parse(document.getElementById('cm-data').textContent);
            const now = window.clustermapNetwork.getPositions();
            return data.nodes.filter(n => Math.abs(now[n.id].x - n.x) > 0.5
                                       || Math.abs(now[n.id].y - n.y) > 0.5).length;
        }"""
    )
    assert moved == 0
    page.assert_clean()
    page.context.close()


@pytest.fixture(scope="module")
def overview_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample drawn as the overview of a large network: 3 ovals and 20 firms."""
    import clustermap.export.map as maps

    patch = pytest.MonkeyPatch()
    patch.setattr(maps, "MAP_FIRM_LIMIT", 50)
    patch.setattr(maps, "OVERVIEW_COMMUNITIES", 3)
    patch.setattr(maps, "OVERVIEW_FIRMS", 20)
    out = tmp_path_factory.mktemp("overview") / "results"
    try:
        write_results(analyze(SAMPLE_TIES, SAMPLE_FIRMS), out)
    finally:
        patch.undo()
    return out / "map.html"


def test_overview_map_shows_communities_and_leading_firms(browser: Any, overview_map: Path) -> None:
    page = Page(browser, overview_map)
    page.assert_clean()
    note = page.evaluate("document.getElementById('overview-note').innerText")
    assert "93 firms are too many to draw one by one" in note
    shapes = page.evaluate("window.clustermapNetwork.body.data.nodes.get().map(n => n.kind)")
    assert shapes.count("community") == 3
    assert len(shapes) == 23
    assert page.evaluate("document.getElementById('shown').innerText").startswith("23 of 23")
    drawn = page.page.locator("#network").screenshot()
    assert len(drawn) > 20_000
    # a leading firm can be found and shows its figures; an oval shows its community's
    page.page.fill("#search", "Çağlayan")
    details = page.evaluate("document.getElementById('details').innerText")
    assert "Çağlayan Hassas İşleme Ltd. Şti." in details
    page.page.fill("#search", "Community 0")
    details = page.evaluate("document.getElementById('details').innerText")
    assert "core firms" in details
    page.assert_clean()
    page.context.close()


LABEL_BOXES = """() => {
  const network = window.clustermapNetwork;
  const scale = network.getScale();
  const found = [];
  for (const id of network.body.nodeIndices) {
    const node = network.body.nodes[id];
    if (!node.options.label || node.options.hidden) continue;
    const size = node.labelModule.size;
    const a = network.canvasToDOM({x: size.left, y: size.top});
    const b = network.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    found.push({label: node.options.label, kind: node.options.kind || "firm",
                pixels: node.labelModule.fontOptions.size * scale, box: [a.x, a.y, b.x, b.y]});
  }
  return found;
}"""


def drawn_labels(browser: Any, path: Path) -> list[dict[str, Any]]:
    """The labels as Chromium draws them on a 1920 × 1080 screen: text, height in pixels
    and box (left, top, right, bottom) in the page."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=15_000)
    page.wait_for_timeout(200)  # the first drawing measures the labels
    labels: list[dict[str, Any]] = page.evaluate(LABEL_BOXES)
    context.close()
    return labels


def overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    pairs = []
    for i, first in enumerate(labels):
        for second in labels[i + 1 :]:
            a, b = first["box"], second["box"]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                pairs.append((first["label"], second["label"]))
    return pairs


@pytest.mark.parametrize("which", ["sample_map", "overview_map"])
def test_labels_never_overlap_and_are_readable_from_the_back(
    browser: Any, which: str, request: pytest.FixtureRequest
) -> None:
    """No two labels intersect, each at least 14 px high at 1920 × 1080; long names end in
    an ellipsis; the overview labels every community circle once."""
    labels = drawn_labels(browser, request.getfixturevalue(which))
    assert len(labels) >= 10
    assert overlapping(labels) == []
    assert min(label["pixels"] for label in labels) >= 14
    assert all(len(label["label"].split("\n")[0]) <= 28 for label in labels)
    if which == "overview_map":
        circles = [label["label"] for label in labels if label["kind"] == "community"]
        assert sorted(circle.split("\n")[0] for circle in circles) == [
            "Community 0",
            "Community 1",
            "Community 2",
        ]
