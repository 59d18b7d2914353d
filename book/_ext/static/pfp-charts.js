/* Draws the book's charts.
 *
 * Each chart was compiled from Vega-Lite to Vega when the book was built (pfp_book.py)
 * and sits in the page as <script type="application/json" class="pfp-chart-spec">
 * next to its empty container. This script, deferred after vega and vega-embed, hands
 * every one to vegaEmbed. A chart that fails says so in its container, where a reader
 * looks for it, and points at the description and data table printed under it. */
(function () {
  "use strict";

  function fail(target, err) {
    const box = document.createElement("div");
    box.className = "error";
    box.setAttribute("role", "alert");
    box.textContent = "This chart could not be drawn (" + (err && err.message ? err.message : err) +
      "). Its description and the data behind it are printed below.";
    target.replaceChildren(box);
    console.error(err);
  }

  function draw() {
    document.querySelectorAll("script.pfp-chart-spec").forEach(function (node) {
      const target = document.getElementById(node.dataset.target);
      if (!target) {
        console.error("pfp-charts: no element #" + node.dataset.target);
        return;
      }
      try {
        const spec = JSON.parse(node.textContent);
        const options = Object.assign(JSON.parse(node.dataset.embed || "{}"), {mode: "vega"});
        window.vegaEmbed(target, spec, options).catch(function (err) { fail(target, err); });
      } catch (err) {
        fail(target, err);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
