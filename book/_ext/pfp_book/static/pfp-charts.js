/* Brings the book's interactive charts to life, on the reader's first interaction.
 *
 * Every chart is already in the page as SVG drawn when the book was built
 * (pfp_book.drawing), and a chart with controls has them as ordinary labelled form
 * controls. Only pages with such charts load this script. It loads nothing until the
 * reader points at, touches or focuses one of these charts, or changes a control: then
 * it fetches vega, vega-embed (both from this site, listed in data-vega) and the chart's
 * Vega spec (data-spec), draws the live chart into a box of the same size and swaps it in
 * where the static picture was. The controls stay where they are, keep the focus and
 * the values the reader gave them. A chart that fails says so where the reader looks
 * for it; its description and data are printed under it. */
(function () {
  "use strict";

  const self = document.currentScript;
  const base = self.src;
  const scripts = JSON.parse(self.dataset.vega || "[]");
  let vegaReady = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      const s = document.createElement("script");
      s.src = new URL(src, base).href;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function loadVega() {
    if (!vegaReady) {
      vegaReady = scripts.reduce(function (p, src) {
        return p.then(function () { return loadScript(src); });
      }, Promise.resolve());
    }
    return vegaReady;
  }

  function fail(figure, err) {
    figure.dataset.live = "failed";
    const box = document.createElement("p");
    box.className = "error";
    box.setAttribute("role", "alert");
    box.textContent = "This chart's controls could not be started (" +
      (err && err.message ? err.message : err) +
      "). Its description and the data behind it are printed below.";
    figure.appendChild(box);
    console.error(err);
  }

  function valueOf(control) {
    if (control.type === "checkbox") return control.checked;
    try { return JSON.parse(control.value); } catch (e) { return control.value; }
  }

  function controlsOf(figure) {
    return Array.from(figure.querySelectorAll("[data-signal]"))
      .filter(function (c) { return c.type !== "radio" || c.checked; });
  }

  function shownSvg(figure) {
    const svgs = figure.querySelectorAll(".pfp-chart-view > svg");
    return Array.from(svgs).find(function (s) { return s.getBoundingClientRect().width > 0; })
      || svgs[0];
  }

  function goLive(figure) {
    if (figure.pfpLive) return figure.pfpLive;
    figure.dataset.live = "loading";
    const specUrl = new URL(figure.dataset.spec, base).href;
    figure.pfpLive = Promise.all([
      loadVega(),
      fetch(specUrl).then(function (r) {
        if (!r.ok) throw new Error(r.status + " for " + figure.dataset.spec);
        return r.json();
      }),
    ]).then(function (loaded) {
      const specs = loaded[1];
      const view = figure.querySelector(".pfp-chart-view");
      const shown = shownSvg(figure);
      const narrow = shown && shown.classList.contains("pfp-chart-narrow") && specs.narrow;
      const holder = document.createElement("div");
      holder.className = "pfp-chart-live";
      // vega-embed makes its element an inline block, which adds a line's descent below
      holder.style.display = "block";
      const box = view.getBoundingClientRect();
      // the live chart is drawn off-screen in a box of the picture's size, then swapped
      // in: nothing below it moves
      view.style.minHeight = box.height + "px";
      holder.style.position = "absolute";
      holder.style.visibility = "hidden";
      view.appendChild(holder);
      return window.vegaEmbed(holder, narrow ? specs.narrow : specs.wide,
        {mode: "vega", renderer: "svg", actions: false}).then(function (result) {
        controlsOf(figure).forEach(function (c) {
          result.view.signal(c.dataset.signal, valueOf(c));
        });
        return result.view.runAsync().then(function () {
          const svg = holder.querySelector("svg");
          if (svg && shown) {
            svg.setAttribute("role", "img");
            svg.setAttribute("aria-label", shown.getAttribute("aria-label") || "");
          }
          holder.style.position = "";
          holder.style.visibility = "";
          view.replaceChildren(holder);
          figure.dataset.live = "done";
          figure.pfpView = result.view;
          return result.view;
        });
      });
    }).catch(function (err) { fail(figure, err); throw err; });
    return figure.pfpLive;
  }

  function onControl(event) {
    const c = event.target.closest("[data-signal]");
    if (!c) return;
    const figure = c.closest(".pfp-chart");
    const output = figure.querySelector('output[for="' + c.id + '"]');
    if (output) output.textContent = c.value;
    goLive(figure).then(function (view) {
      return view.signal(c.dataset.signal, valueOf(c)).runAsync();
    }).catch(function () {});
  }

  function wake(event) {
    goLive(event.currentTarget).catch(function () {});
  }

  document.querySelectorAll(".pfp-chart[data-spec]").forEach(function (figure) {
    ["pointerenter", "pointerdown", "touchstart", "focusin"].forEach(function (name) {
      figure.addEventListener(name, wake, {once: true, passive: true});
    });
    figure.addEventListener("input", onControl);
    figure.addEventListener("change", onControl);
  });
})();
