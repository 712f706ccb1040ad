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

  var words = data.words;  // the page's language
  function count(n, noun) { return n + " " + words[noun][n === 1 ? 0 : 1]; }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) { return values[key]; });
  }

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
    note.textContent = fill(words.highlighted, { suppliers: count(suppliers, "supplier"),
                                                  customers: count(customers, "customer") });
    details.appendChild(table);
    details.appendChild(note);
  }

  function selectFirm(id) {
    if (nodes.get(id).hidden) {  // hidden by a filter: show everything again first
      filters.forEach(function (select) { select.value = ""; });
      relationFilter.value = "";
      refilter();
    }
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
  // Colour-by, size-by, filters and physics. Categories and colours come from Python;
  // every label is set with textContent.
  var views = Object.keys(data.categories);
  var viewNames = words.views;
  var sizeNames = words.sizes;

  function option(select, value, text) {
    var item = document.createElement("option");
    item.value = value;
    item.textContent = text;
    select.appendChild(item);
  }
  var colourBy = document.getElementById("colour-by");
  views.forEach(function (view) { option(colourBy, view, viewNames[view]); });
  var sizeBy = document.getElementById("size-by");
  Object.keys(data.sizes).forEach(function (measure) {
    option(sizeBy, measure, sizeNames[measure]);
  });
  var filters = Array.prototype.slice.call(document.querySelectorAll("select.filter"));
  filters.forEach(function (select) {
    var view = select.dataset.view;
    if (!data.categories[view]) { select.parentNode.style.display = "none"; return; }
    option(select, "", words.all);
    Object.keys(data.colours[view]).forEach(function (label) { option(select, label, label); });
  });
  var relationFilter = document.getElementById("relation-filter");
  option(relationFilter, "", words.all);
  var layers = {};
  data.relations.forEach(function (list) { list.forEach(function (r) { layers[r] = true; }); });
  Object.keys(layers).sort().forEach(function (layer) {
    option(relationFilter, layer, words.relations[layer] || layer);
  });

  function recolour() {
    var view = colourBy.value;
    nodes.update(data.nodes.map(function (node, id) {
      return { id: id, color: data.colours[view][data.categories[view][id]] || "#9E9E9E" };
    }));
    var legend = document.getElementById("colour-legend");
    legend.textContent = "";
    data.legends[view].forEach(function (row) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = row[1];
      var text = document.createElement("span");
      text.textContent = row[0];
      item.appendChild(swatch);
      item.appendChild(text);
      legend.appendChild(item);
    });
  }
  function resize() {
    var measure = sizeBy.value;
    nodes.update(data.nodes.map(function (node, id) {
      return { id: id, size: data.sizes[measure][id] };
    }));
    document.getElementById("size-legend").textContent = fill(words.size,
                                                              { measure: sizeNames[measure] });
  }
  function refilter() {
    var shown = 0;
    var visible = data.nodes.map(function (node, id) {
      var keep = filters.every(function (select) {
        var view = select.dataset.view;
        return !select.value || !data.categories[view] || data.categories[view][id] === select.value;
      });
      if (keep) { shown += 1; }
      return keep;
    });
    nodes.update(data.nodes.map(function (node, id) { return { id: id, hidden: !visible[id] }; }));
    var layer = relationFilter.value;
    edges.update(data.edges.map(function (edge, index) {
      var inLayer = !layer || data.relations[index].indexOf(layer) !== -1;
      return { id: edge.id, hidden: !(inLayer && visible[edge.from] && visible[edge.to]) };
    }));
    document.getElementById("shown").textContent = fill(
      data.overview ? words.shown_overview : words.shown,
      { shown: shown, total: data.nodes.length });
  }
  colourBy.addEventListener("change", recolour);
  sizeBy.addEventListener("change", resize);
  filters.forEach(function (select) { select.addEventListener("change", refilter); });
  relationFilter.addEventListener("change", refilter);
  var physics = document.getElementById("physics");
  var physicsOn = false;
  physics.addEventListener("click", function () {
    physicsOn = !physicsOn;
    network.setOptions({ physics: { enabled: physicsOn, stabilization: false } });
    physics.textContent = physicsOn ? words.physics_on : words.physics_off;
  });
  // Physics and dragging move firms; this puts every firm back where Python (with the seed) put it.
  document.getElementById("reset-layout").addEventListener("click", function () {
    network.setOptions({ physics: { enabled: false } });
    physicsOn = false;
    physics.textContent = words.physics_off;
    data.nodes.forEach(function (node) { network.moveNode(node.id, node.x, node.y); });
    network.fit();
  });
  refilter();

  document.body.dataset.ready = "true";
})();
