// Browser glue for the explorer's WebAssembly module: loading it, the
// editor's scroll sync, downloads and the share link. Everything the page
// shows is rendered by the Go side (wasm/, web/).
"use strict";

window.dsRender = { gen: -1, count: 0, t: 0, ready: false };

// Called by the Go side after every render.
window.dsAfterRender = function (gen, pendingSource, msSinceStart) {
  const ta = document.getElementById("src");
  if (ta && typeof pendingSource === "string" && ta.value !== pendingSource) {
    ta.value = pendingSource;
  }
  syncScroll();
  window.dsRender.gen = gen;
  window.dsRender.count++;
  window.dsRender.t = performance.now();
  if (!window.dsRender.ready) {
    window.dsRender.ready = true;
    window.dsRender.firstMs = performance.now();
    window.dsRender.goInitMs = msSinceStart;
  }
};

function syncScroll() {
  const ta = document.getElementById("src");
  if (!ta || ta.dataset.synced) return;
  ta.dataset.synced = "1";
  ta.addEventListener("scroll", () => {
    const g = document.getElementById("gutter");
    const m = document.getElementById("marks");
    if (g) g.style.transform = "translateY(" + -ta.scrollTop + "px)";
    if (m) m.style.transform = "translate(" + -ta.scrollLeft + "px," + -ta.scrollTop + "px)";
  });
  ta.addEventListener("keydown", (e) => {
    if (e.key === "Tab") {
      e.preventDefault();
      const s = ta.selectionStart;
      ta.setRangeText("    ", s, ta.selectionEnd, "end");
      ta.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });
}

// Export: POST the source to the server's build API and download the answer.
window.dsExport = async function (query, source, filename) {
  const status = document.getElementById("status");
  try {
    const resp = await fetch("api/build?" + query, { method: "POST", body: source });
    if (!resp.ok) {
      const text = await resp.text();
      if (status) status.textContent = "export failed: " + text;
      return;
    }
    const blob = await resp.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  } catch (e) {
    if (status) status.textContent = "export failed: " + e;
  }
};

// Share: the state goes into the URL fragment, and onto the clipboard.
window.dsShare = function (encoded) {
  history.replaceState(null, "", "#s=" + encoded);
  const url = location.href;
  if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {});
  const b = document.getElementById("share");
  if (b) { b.textContent = "Link copied"; setTimeout(() => (b.textContent = "Share link"), 1500); }
};

(async function () {
  const go = new Go();
  const resp = fetch("app.wasm");
  let result;
  try {
    result = await WebAssembly.instantiateStreaming(resp, go.importObject);
  } catch (e) {
    const buf = await (await fetch("app.wasm")).arrayBuffer();
    result = await WebAssembly.instantiate(buf, go.importObject);
  }
  document.getElementById("app").innerHTML = "";
  go.run(result.instance);
})();
