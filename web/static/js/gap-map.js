/* The gap map of the dashboard: countries coloured by the severity of their open needs.
 *
 * Reads the figures from <script type="application/json" id="gap-map-data"> (keyed by ISO 3166
 * numeric code), the world from the vendored world-atlas TopoJSON named by the container's
 * data-atlas attribute, and draws an SVG into the container. Each country with open needs is a
 * link to its page (data-country-url, with XXX standing for the alpha-3 code). Colours are CSS
 * classes (sev-0 .. sev-4, no-gap), so no inline style is needed under the CSP. Without
 * JavaScript the table beside the map says the same.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function element(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    return node;
  }

  function usd(value) {
    var sizes = [[1e9, " bn"], [1e6, " m"], [1e3, " k"]];
    for (var i = 0; i < sizes.length; i++) {
      if (Math.abs(value) >= sizes[i][0]) {
        return "USD " + (value / sizes[i][0]).toFixed(1).replace(/\.0$/, "") + sizes[i][1];
      }
    }
    return "USD " + Math.round(value);
  }

  function describe(name, figures) {
    if (!figures) {
      return name + ": no open need recorded";
    }
    return figures.name + ": " + figures.needs + " open need" + (figures.needs === 1 ? "" : "s") +
      " (" + figures.uncovered + " without any initiative), mean severity " +
      figures.severity.toFixed(2) + ", most severe " + figures.max_severity.toFixed(2) +
      ", funding gap " + usd(figures.funding_gap_usd);
  }

  function draw(container, world, data) {
    var width = 960, height = 470;
    var countries = topojson.feature(world, world.objects.countries).features
      .filter(function (feature) { return feature.properties.name !== "Antarctica"; });
    var projection = d3.geoEqualEarth().fitExtent([[4, 4], [width - 4, height - 4]],
      {type: "FeatureCollection", features: countries});
    var path = d3.geoPath(projection);
    var svg = element("svg", {
      viewBox: "0 0 " + width + " " + height, class: "gap-map-svg", role: "group",
      "aria-label": container.getAttribute("data-label") || "Gap map"
    });
    var pattern = container.getAttribute("data-country-url") || "";
    var tooltip = container.querySelector(".map-tooltip");
    countries.forEach(function (feature) {
      var figures = feature.id ? data.countries[feature.id] : null;
      var shape = element("path", {
        d: path(feature),
        class: "country " + (figures && figures["class"] !== null ? "sev-" + figures["class"] : "no-gap")
      });
      var title = element("title");
      title.textContent = describe(feature.properties.name, figures);
      shape.appendChild(title);
      if (figures && pattern) {
        var link = element("a", {href: pattern.replace("XXX", figures.alpha3),
          "aria-label": title.textContent});
        link.appendChild(shape);
        if (tooltip) {
          var show = function () { tooltip.textContent = title.textContent; };
          link.addEventListener("mouseenter", show);
          link.addEventListener("focus", show);
        }
        svg.appendChild(link);
      } else {
        svg.appendChild(shape);
      }
    });
    container.querySelector(".map-canvas").appendChild(svg);
    container.classList.add("drawn");
  }

  function start() {
    var container = document.getElementById("gap-map");
    var source = document.getElementById("gap-map-data");
    if (!container || !source || typeof d3 === "undefined" || typeof topojson === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    fetch(container.getAttribute("data-atlas"), {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error("the world map could not be loaded"); }
        return response.json();
      })
      .then(function (world) { draw(container, world, data); })
      .catch(function (error) {
        var note = container.querySelector(".map-status");
        if (note) { note.textContent = "The map could not be drawn (" + error.message + "); the table lists the same countries."; }
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
