/* The network view of who funds what where (web/templates/network/index.html).
   Draws the links of /network/graph.json with Cytoscape.js; the filters reload the data
   without leaving the page; pointing at a node shows its links, selecting it opens its page.
   No inline script or style: everything comes from here and planning.css (CSP). */
(function () {
  "use strict";

  var container = document.getElementById("network");
  var form = document.getElementById("network-filters");
  var status = document.getElementById("network-status");
  var selected = document.getElementById("network-selected");
  var initial = document.getElementById("network-data");
  if (!container || !form || !initial || typeof window.cytoscape !== "function") {
    return;
  }

  var COLOURS = { provider: "#0b6e4f", country: "#2f6db3", region: "#8f5bb5" };

  function elements(data) {
    var nodes = data.nodes.map(function (n) {
      return { group: "nodes", data: {
        id: n.id, label: n.label, kind: n.kind, url: n.url, detail: n.detail, links: n.links,
        size: 16 + Math.min(44, Math.sqrt(n.links) * 7)
      } };
    });
    var edges = data.edges.map(function (e) {
      return { group: "edges", data: {
        id: e.id, source: e.source, target: e.target, initiatives: e.initiatives,
        roles: e.roles.join(", "), components: e.components.join(", "),
        width: 1 + Math.min(9, e.initiatives * 1.5)
      } };
    });
    return nodes.concat(edges);
  }

  var cy = window.cytoscape({
    container: container,
    elements: [],
    minZoom: 0.15,
    maxZoom: 3,
    style: [
      { selector: "node", style: {
        "background-color": function (n) { return COLOURS[n.data("kind")] || "#51616d"; },
        "width": "data(size)", "height": "data(size)",
        "label": "data(label)", "font-size": 11, "color": "#1d2a33",
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis",
        "text-max-width": 140, "min-zoomed-font-size": 6,
        "text-background-color": "#ffffff", "text-background-opacity": 0.7,
        "text-background-padding": 1
      } },
      { selector: "node[kind = 'region']", style: { "shape": "round-rectangle" } },
      { selector: "node[kind = 'provider']", style: { "font-weight": "bold", "font-size": 12 } },
      { selector: "edge", style: {
        "width": "data(width)", "line-color": "#9aa8b2", "opacity": 0.55,
        "curve-style": "haystack"
      } },
      { selector: ".faded", style: { "opacity": 0.12 } },
      { selector: "edge.near", style: { "line-color": "#f2b84b", "opacity": 0.95 } },
      { selector: "node.near", style: { "border-width": 2, "border-color": "#f2b84b" } }
    ]
  });

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function summary(data) {
    var c = data.counts;
    return c.providers + " providers, " + c.places + " countries and regions, " + c.links +
      " links (" + c.initiatives + " initiatives)." +
      (data.truncated ? " Only the strongest links are drawn." : "");
  }

  function draw(data) {
    cy.elements().remove();
    cy.add(elements(data));
    say(data.edges.length ? summary(data) : "No link matches these filters.");
    cy.layout({
      name: "cose", animate: false, randomize: true, nodeRepulsion: function () { return 30000; },
      idealEdgeLength: function () { return 60; }, edgeElasticity: function () { return 60; },
      nodeOverlap: 12, gravity: 0.25, numIter: 1500, padding: 12
    }).run();
  }

  function describe(node) {
    selected.textContent = "";
    var title = document.createElement("h3");
    title.textContent = node.data("label");
    var facts = document.createElement("p");
    facts.className = "muted";
    facts.textContent = (node.data("detail") ? node.data("detail") + " · " : "") +
      node.data("links") + " link" + (node.data("links") === 1 ? "" : "s");
    var list = document.createElement("ul");
    node.connectedEdges().sort(function (a, b) {
      return b.data("initiatives") - a.data("initiatives");
    }).slice(0, 8).forEach(function (edge) {
      var other = edge.source().id() === node.id() ? edge.target() : edge.source();
      var item = document.createElement("li");
      item.textContent = other.data("label") + ": " + edge.data("initiatives") +
        " initiative" + (edge.data("initiatives") === 1 ? "" : "s") +
        (edge.data("components") ? " (" + edge.data("components") + ")" : "");
      list.appendChild(item);
    });
    var open = document.createElement("a");
    open.href = node.data("url");
    open.textContent = "Open its page";
    selected.appendChild(title);
    selected.appendChild(facts);
    selected.appendChild(list);
    selected.appendChild(open);
  }

  cy.on("mouseover", "node", function (event) {
    var node = event.target;
    var near = node.closedNeighborhood();
    cy.elements().not(near).addClass("faded");
    near.addClass("near");
    describe(node);
  });
  cy.on("mouseout", "node", function () {
    cy.elements().removeClass("faded near");
  });
  cy.on("tap", "node", function (event) {
    var url = event.target.data("url");
    if (url) { window.location.assign(url); }
  });

  function cell(tag, text, href) {
    var element = document.createElement(tag);
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      element.appendChild(link);
    } else {
      element.textContent = text;
    }
    return element;
  }

  function tabulate(data) {
    var table = document.querySelector(".network-table");
    if (!table) { return; }
    var byId = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    var summaryLine = table.querySelector("summary");
    summaryLine.textContent = "The links as a table (" + data.edges.length + ")";
    var body = table.querySelector("tbody");
    if (!body) { return; }
    body.textContent = "";
    data.edges.forEach(function (e) {
      var row = document.createElement("tr");
      var source = byId[e.source];
      var target = byId[e.target];
      row.appendChild(cell("th", source.label, source.url));
      row.lastChild.scope = "row";
      row.appendChild(cell("td", target.label, target.url));
      var count = cell("td", String(e.initiatives));
      count.className = "number";
      row.appendChild(count);
      row.appendChild(cell("td", e.roles.join(", ")));
      row.appendChild(cell("td", e.components.join(", ")));
      body.appendChild(row);
    });
  }

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value) { params.append(key, value); }
    });
    return params.toString();
  }

  function reload() {
    var asked = query();
    say("Loading…");
    fetch(form.dataset.graphUrl + (asked ? "?" + asked : ""), {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.message || response.statusText); }
        return body;
      });
    }).then(function (data) {
      draw(data);
      tabulate(data);
      window.history.replaceState(null, "", form.action + (asked ? "?" + asked : ""));
    }).catch(function (error) {
      say("The network could not be loaded: " + error.message);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    reload();
  });
  form.addEventListener("change", reload);

  try {
    draw(JSON.parse(initial.textContent));
  } catch (error) {
    say("The network could not be drawn: " + error.message);
  }
}());
