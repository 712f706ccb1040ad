// clustermap map page: draws the network and wires search, click details and highlighting.
// Survey text is only ever inserted with textContent, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cm-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { randomSeed: 0, improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, multiselect: false },
    nodes: { font: { size: 16, face: "Segoe UI, Roboto, Noto Sans, Arial" }, borderWidthSelected: 4 },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.6 } }, color: { color: "#9a9a9a", highlight: "#222", hover: "#444" },
             smooth: { enabled: true, type: "continuous", roundness: 0.2 }, selectionWidth: 2 }
  });
  window.clustermapNetwork = network;  // for tests and the curious

  // Loose matching: Turkish-aware lower case, accents and dotted/dotless i ignored.
  function fold(text) {
    return text.toLocaleLowerCase("tr").replace(/ı/g, "i").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/[^0-9a-z]+/g, " ").trim();
  }
  var names = data.firms.map(function (pairs) { return pairs[0][1]; });  // full names
  var folded = names.map(fold);

  function count(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  function showDetails(id) {
    var details = document.getElementById("details");
    details.textContent = "";
    var table = document.createElement("table");
    table.className = "details";
    data.firms[id].forEach(function (pair) {
      var row = table.insertRow();
      row.insertCell().textContent = pair[0].replace(/_/g, " ");
      row.insertCell().textContent = pair[1];
    });
    var suppliers = network.getConnectedNodes(id, "from").length;
    var customers = network.getConnectedNodes(id, "to").length;
    var note = document.createElement("p");
    note.className = "muted";
    note.textContent = count(suppliers, "supplier") + " and " + count(customers, "customer") +
      " highlighted.";
    details.appendChild(table);
    details.appendChild(note);
  }

  function selectFirm(id) {
    network.selectNodes([id], true);  // true: also select its ties, showing direction
    network.focus(id, { scale: 1.2, animation: { duration: 400 } });
    showDetails(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
  });

  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  search.addEventListener("input", function () {
    matches.textContent = "";
    var query = fold(search.value);
    if (!query) { return; }
    var found = [];
    for (var i = 0; i < folded.length && found.length < 12; i++) {
      if (folded[i].indexOf(query) !== -1) { found.push(i); }
    }
    found.forEach(function (id) {
      var item = document.createElement("li");
      item.textContent = names[id];
      item.addEventListener("click", function () { selectFirm(id); });
      matches.appendChild(item);
    });
    if (found.length === 1) { selectFirm(found[0]); }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && matches.firstChild) { matches.firstChild.click(); }
  });
  document.body.dataset.ready = "true";
})();
