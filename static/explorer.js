// Browser glue for the explorer's WebAssembly module: loading it, the
// editor's scroll sync, downloads and the share link. Everything the page
// shows is rendered by the Go side (wasm/, web/).
"use strict";

window.dsRender = { gen: -1, count: 0, t: 0, ready: false, edits: 0, phases: null };

// Called by the Go side after every render. phases are the render's times
// in ms (for the benchmarks): the edit before it, the vugu render, building
// the view patches, applying them.
window.dsAfterRender = function (gen, pendingSource, msSinceStart, phases) {
  const ta = document.getElementById("src");
  if (ta && typeof pendingSource === "string" && ta.value !== pendingSource) {
    ta.value = pendingSource;
  }
  syncScroll();
  // A render of the components drops the layers' transforms; reading the
  // textarea's scroll position costs a layout, so only then.
  const g = document.getElementById("gutter"), m = document.getElementById("marks");
  if ((g && !g.style.transform) || (m && !m.style.transform)) syncLayers();
  window.dsRender.gen = gen;
  window.dsRender.phases = phases;
  window.dsRender.count++;
  window.dsRender.t = performance.now();
  if (!window.dsRender.ready) {
    window.dsRender.ready = true;
    window.dsRender.firstMs = performance.now();
    window.dsRender.goInitMs = msSinceStart;
  }
};

// The editor's input: a burst of keystrokes becomes one edit. Input
// events only record the latest text; the edit runs as its own task right
// after the input events already queued (a MessageChannel message, which
// the browser runs after pending input and without setTimeout's clamp), so
// keys typed while an edit was running are applied together, once, and
// the paint of the next animation frame shows the result.
let pendingText = null, pendingPosted = false;
const editChannel = new MessageChannel();
editChannel.port1.onmessage = () => {
  pendingPosted = false;
  if (pendingText === null || !window.dsEdit) return;
  const text = pendingText;
  pendingText = null;
  window.dsRender.edits++;
  window.dsRender.queuedMs = performance.now() - pendingAt;
  window.dsRender.lastEdit = text;
  window.dsEdit(text);
};
let pendingAt = 0;
function queueEdit(text) {
  if (pendingText === null) pendingAt = performance.now();
  pendingText = text;
  if (!pendingPosted) { pendingPosted = true; editChannel.port2.postMessage(0); }
}

// Saving the state (source and options) waits for a pause in typing, and
// happens at once when the page is hidden or left.
let saveTimer = 0;
window.dsScheduleSave = function () {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => { saveTimer = 0; if (window.dsSave) window.dsSave(); }, 300);
};
function saveNow() {
  if (saveTimer) { clearTimeout(saveTimer); saveTimer = 0; if (window.dsSave) window.dsSave(); }
}
window.addEventListener("pagehide", saveNow);
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") saveNow(); });
window.dsFlushSave = saveNow;

// syncLayers scrolls the line numbers and the error marks with the
// textarea.
function syncLayers() {
  const ta = document.getElementById("src");
  if (!ta) return;
  const g = document.getElementById("gutter");
  const m = document.getElementById("marks");
  if (g) g.style.transform = "translateY(" + -ta.scrollTop + "px)";
  if (m) m.style.transform = "translate(" + -ta.scrollLeft + "px," + -ta.scrollTop + "px)";
}

// syncScroll wires the textarea once. The mark is a property of the
// element, not an attribute: a render of the components drops attributes
// it does not know, and the listeners would pile up, once per render.
function syncScroll() {
  const ta = document.getElementById("src");
  if (!ta || ta.dsWired) return;
  ta.dsWired = true;
  const sync = syncLayers;
  ta.addEventListener("scroll", sync);
  ta.addEventListener("input", () => { queueEdit(ta.value); });
  ta.addEventListener("keydown", (e) => {
    if (e.key === "Tab") {
      e.preventDefault();
      const s = ta.selectionStart;
      ta.setRangeText("    ", s, ta.selectionEnd, "end");
      ta.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });
  sync();
}

// Download bytes the page made (its incremental ELF image).
window.dsDownload = function (filename, bytes) {
  const blob = new Blob([bytes], { type: "application/x-elf" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
};

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

// The state's text (model.State.Text) travels raw-deflated and base64url
// encoded without padding, in the share link's fragment ("#s=") and, from
// older pages, in localStorage. The browser compresses; the Go side only
// writes and parses the text (model.EncodeState is the same encoding, for
// tests and tools).
async function deflateState(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function inflateState(encoded) {
  const b64 = encoded.trim().replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return await new Response(stream).text();
}

// The share link and the saved state, as state texts (or null), for the Go
// side to load at start-up.
async function initialStates() {
  const init = { link: null, saved: null };
  if (location.hash.startsWith("#s=")) {
    try { init.link = await inflateState(location.hash.slice(3)); } catch (e) { /* not a state */ }
  }
  const saved = localStorage.getItem("dwarfscope.state");
  if (saved !== null) {
    if (saved.startsWith("ds1\n")) {
      init.saved = saved;
    } else {
      try { init.saved = await inflateState(saved); } catch (e) { /* not a state */ }
    }
  }
  return init;
}

// Share: the state goes into the URL fragment, and onto the clipboard.
window.dsShare = async function (text) {
  history.replaceState(null, "", "#s=" + (await deflateState(text)));
  const url = location.href;
  if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {});
  const b = document.getElementById("share");
  if (b) { b.textContent = "Link copied"; setTimeout(() => (b.textContent = "Share link"), 1500); }
};

(async function () {
  window.dsInitial = await initialStates();
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
