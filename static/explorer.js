// Browser glue for the explorer's WebAssembly module: loading it, the
// editor's scroll sync, downloads and the share link. Everything the page
// shows is rendered by the Go side (wasm/, web/).
"use strict";

window.dsRender = { gen: -1, count: 0, t: 0, ready: false, edits: 0, phases: null, rangeEdits: 0, wholeEdits: 0, refusedEdits: 0 };

// Called by the Go side after every render. phases are the render's times
// in ms (for the benchmarks): the edit before it, the vugu render, building
// the view patches, applying them.
// pendingSource is a new text for the editor (a sample, a share link);
// previousSource, when given, is the text it replaces (the saved source a
// share link took the place of). pendingVersion is pendingSource's version
// on the Go side (-1: unknown), which range edits of it name.
// dsRender.afterMs is how long this took.
window.dsAfterRender = function (gen, pendingSource, msSinceStart, phases, previousSource, pendingVersion) {
  inRender = true;
  const t0 = performance.now();
  try {
    afterRender(gen, pendingSource, msSinceStart, phases, previousSource, pendingVersion);
  } finally {
    inRender = false;
    window.dsRender.afterMs = performance.now() - t0;
    if (window.dsRender.firstAfterMs === undefined && window.dsRender.ready) window.dsRender.firstAfterMs = window.dsRender.afterMs;
  }
};
// inRender is true while the Go side's render calls dsAfterRender: an
// input event the render causes (a sample put into the editor) is edited
// after it, never inside it.
let inRender = false;

function afterRender(gen, pendingSource, msSinceStart, phases, previousSource, pendingVersion) {
  const ta = document.getElementById("src");
  if (ta && typeof previousSource === "string" && ta.value === "") {
    ta.value = previousSource;
  }
  if (typeof pendingSource === "string") {
    // The Go side holds this text now: the next edit is a range of it
    // (or the whole text, when its version is unknown).
    lastSent = pendingSource;
    sentVersion = typeof pendingVersion === "number" ? pendingVersion : -1;
    sourceSets++;
    hintLo = hintTail = Infinity;
  }
  if (ta && typeof pendingSource === "string" && ta.value !== pendingSource) {
    replaceSource(ta, pendingSource);
  }
  syncScroll();
  wireMap();
  keepPanelSizes();
  revealDecl(ta);
  revealHex();
  inspectorToTop();
  // A render of the components drops the layers' transforms; reading the
  // textarea's scroll position costs a layout, so only then. Otherwise
  // the highlighting uses the position the last scroll event read (an
  // edit that scrolls the textarea is followed by a scroll event before
  // the frame is painted).
  const g = document.getElementById("gutter"), m = document.getElementById("marks");
  if ((g && !g.style.transform) || (m && !m.style.transform)) syncLayers();
  else highlightVisible();
  window.dsRender.gen = gen;
  window.dsRender.phases = phases;
  window.dsRender.count++;
  window.dsRender.t = performance.now();
  if (!window.dsRender.ready) {
    window.dsRender.ready = true;
    window.dsRender.firstMs = performance.now();
    window.dsRender.goInitMs = msSinceStart;
    window.dsRender.firstPhases = phases;
  }
}

// The editor's input. An input event's text is edited at once, inside the
// event, so the frame that shows the typed character shows the views it
// changed too (one frame per key; an edit queued behind the event waited
// for a frame of its own, 7-9 ms at 2,000 declarations). When more input
// is already waiting (navigator.scheduling.isInputPending; where the
// browser cannot tell, when the last edit took more than a frame), or
// inside a render, the event only records the latest text and the edit
// runs as its own task right after the input events already queued (a
// MessageChannel message, which the browser runs after pending input and
// without setTimeout's clamp): keys typed while an edit was running are
// applied together, once.
let pendingText = null, pendingPosted = false, pendingAt = 0, lastEditMs = 0;
const editBudgetMs = 16;
const editChannel = new MessageChannel();
editChannel.port1.onmessage = () => {
  pendingPosted = false;
  runEdit();
};
function runEdit() {
  if (pendingText === null || !window.dsEdit) return;
  const text = pendingText;
  pendingText = null;
  const t0 = performance.now();
  window.dsRender.edits++;
  window.dsRender.queuedMs = t0 - pendingAt;
  window.dsRender.lastEdit = text;
  sendEdit(text);
  lastEditMs = performance.now() - t0;
}

// The Go side holds the text it last got from the editor or put into it
// (lastSent) under a version number (sentVersion; -1: unknown). An edit
// sends only what changed since that text: how many UTF-16 code units
// stay at its start and at its end, and the text between them
// (dsEditRange). When the Go side's source changed since (a sample, a
// link, an option), it refuses the range and the whole text goes
// (dsEdit): the editor and the Go side never diverge.
let lastSent = null, sentVersion = -1, sourceSets = 0;
// hintLo and hintTail are where the edits since the last send may start
// (units from the start) and end (units from the end), from the
// selection around each input event (Infinity: not known); changedRange
// checks them, so a wrong hint costs time, never text.
let hintLo = Infinity, hintTail = Infinity;
function sendEdit(text) {
  const lo = hintLo, tail = hintTail, sets = sourceSets;
  hintLo = hintTail = Infinity;
  let version = -1;
  if (lastSent !== null && sentVersion >= 0 && window.dsEditRange) {
    const t0 = performance.now();
    const [p, q] = changedRange(lastSent, text, lo, tail);
    window.dsRender.rangeMs = performance.now() - t0;
    version = window.dsEditRange(sentVersion, p, q, text.slice(p, text.length - q));
    if (version >= 0) window.dsRender.rangeEdits++;
    else window.dsRender.refusedEdits++;
  }
  if (version < 0) {
    version = window.dsEdit(text);
    window.dsRender.wholeEdits++;
  }
  // A render inside the edit that put a new text into the editor set
  // lastSent to that text (the next edit then sends the whole text).
  if (sourceSets === sets) {
    lastSent = text;
    sentVersion = typeof version === "number" ? version : -1;
  }
}

// changedRange returns how many UTF-16 code units at the start (p) and
// then at the end (q) old and text have in common, the longest such, never
// splitting a surrogate pair of either (the Go side holds UTF-8: a
// boundary inside a character has no byte offset). lo and tail are hints
// (see hintLo): a prefix of lo units and a suffix of tail units are
// checked whole with one string comparison each, and the search goes on
// from there; a hint that does not hold is dropped, and the search starts
// at the text's ends.
function changedRange(old, text, lo, tail) {
  const ol = old.length, nl = text.length, min = ol < nl ? ol : nl;
  let p = lo === Infinity ? 0 : Math.max(0, Math.min(lo, min));
  if (p > 0 && text.slice(0, p) !== old.slice(0, p)) p = 0;
  p = commonFrom(text, old, p, min);
  let q = tail === Infinity ? 0 : Math.max(0, Math.min(tail, min - p));
  if (q > 0 && text.slice(nl - q) !== old.slice(ol - q)) q = 0;
  q = commonBack(text, old, q, min - p);
  const high = (c) => c >= 0xd800 && c < 0xdc00, low = (c) => c >= 0xdc00 && c < 0xe000;
  if (p > 0 && (high(text.charCodeAt(p - 1)) || high(old.charCodeAt(p - 1)))) p--;
  if (q > 0 && (low(text.charCodeAt(nl - q)) || low(old.charCodeAt(ol - q)))) q--;
  return [p, q];
}

// commonFrom returns the end of the run of units a and b share from p
// (at most max): blocks of thousands of units first, each one string
// comparison (the engine's native compare: a text's worth of blocks costs
// less than walking it unit by unit), then smaller blocks, then units.
function commonFrom(a, b, p, max) {
  for (let step = 4096; step >= 16; step >>= 2) {
    while (p + step <= max && a.slice(p, p + step) === b.slice(p, p + step)) p += step;
  }
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

// commonBack is commonFrom from the ends: q units at the ends of a and b
// are the same; it returns how many are (at most max).
function commonBack(a, b, q, max) {
  const al = a.length, bl = b.length;
  for (let step = 4096; step >= 16; step >>= 2) {
    while (q + step <= max && a.slice(al - q - step, al - q) === b.slice(bl - q - step, bl - q)) q += step;
  }
  while (q < max && a.charCodeAt(al - 1 - q) === b.charCodeAt(bl - 1 - q)) q++;
  return q;
}

function inputPending() {
  const s = navigator.scheduling;
  if (s && s.isInputPending) return s.isInputPending();
  return lastEditMs > editBudgetMs;
}
function queueEdit(text) {
  if (pendingText === null) pendingAt = performance.now();
  pendingText = text;
  if (!pendingPosted && !inRender && !inputPending()) {
    runEdit();
    return;
  }
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

// Panels are resized with their CSS resize handle, which sets their inline
// size; a render of the components drops inline styles, so the sizes are
// remembered after each drag and put back after each render.
const panelSizes = {};
let panelSized = false;
window.addEventListener("pointerup", () => {
  for (const p of document.querySelectorAll("main.grid > .panel")) {
    if (p.style.width || p.style.height) { panelSizes[p.classList[1]] = [p.style.width, p.style.height]; panelSized = true; }
  }
});
function keepPanelSizes() {
  if (!panelSized) return; // nothing dragged yet: no query on every keystroke
  for (const p of document.querySelectorAll("main.grid > .panel")) {
    const sz = panelSizes[p.classList[1]];
    if (sz && (p.style.width !== sz[0] || p.style.height !== sz[1])) { p.style.width = sz[0]; p.style.height = sz[1]; }
  }
}

// revealDecl scrolls the editor to the selected entry's declaration
// (the .decl-hl band) when the selection changed elsewhere than in the
// editor.
let shownDecl = 0;
function revealDecl(ta) {
  const hl = document.querySelector("#marks .decl-hl");
  const line = hl ? +hl.dataset.declLine : 0;
  if (!ta || line === shownDecl) return;
  shownDecl = line;
  if (!line || caretLine === line) return;
  const top = 8 + (line - 1) * 20;
  if (top < view.top || top + 20 > view.top + view.height) {
    ta.scrollTop = Math.max(0, top - view.height / 3);
  }
}

// revealHex scrolls the hex view to the selected bytes when the
// selection changed.
let shownHex = "";
function revealHex() {
  const hex = document.getElementById("hex");
  const b = hex && hex.querySelector(".b.insel, .b.inleaf");
  const key = b ? b.dataset.off + "/" + hex.querySelectorAll(".b.insel").length : "";
  if (!b || key === shownHex) return;
  shownHex = key;
  const hr = hex.getBoundingClientRect(), br = b.getBoundingClientRect();
  if (br.top < hr.top || br.bottom > hr.bottom) hex.scrollTop += br.top - hr.top - 40;
}

// inspectorToTop shows a newly selected item's header: following a
// reference from far down the inspector must not leave it scrolled away.
let shownItem = "";
function inspectorToTop() {
  const insp = document.getElementById("inspector");
  const head = insp && insp.querySelector(".insp-head");
  const key = head ? head.textContent : "";
  if (key === shownItem) return;
  shownItem = key;
  insp.scrollTop = 0;
}

// caretLine is the editor's caret line as last reported to dsCaret.
let caretLine = 0;
function reportCaret(ta) {
  if (ta.selectionStart !== ta.selectionEnd || !window.dsCaret) return;
  const v = ta.value, s = ta.selectionStart;
  let line = 1;
  for (let i = v.indexOf("\n"); i >= 0 && i < s; i = v.indexOf("\n", i + 1)) line++;
  if (line === caretLine) return;
  caretLine = line;
  window.dsCaret(line);
}

// goToSource puts the caret at line:col (an error clicked in the list).
function goToSource(line, col) {
  const ta = document.getElementById("src");
  if (!ta) return;
  const v = ta.value;
  let off = 0;
  for (let l = 1; l < line; l++) {
    const i = v.indexOf("\n", off);
    if (i < 0) break;
    off = i + 1;
  }
  off = Math.min(off + Math.max(col - 1, 0), v.length);
  ta.focus();
  ta.setSelectionRange(off, off);
  const top = 8 + (line - 1) * 20;
  if (top < ta.scrollTop || top + 20 > ta.scrollTop + ta.clientHeight) ta.scrollTop = Math.max(0, top - ta.clientHeight / 3);
}
document.addEventListener("click", (e) => {
  if (!e.target.closest) return;
  const err = e.target.closest("#errors .err[data-line]");
  if (err) goToSource(+err.dataset.line, +err.dataset.col);
  // a line-table row: its source line
  const row = e.target.closest("tr[data-src-line]");
  if (row) {
    goToSource(+row.dataset.srcLine, +row.dataset.srcCol || 1);
    const ta = document.getElementById("src");
    if (ta) reportCaret(ta);
  }
});

// replaceSource puts text into the editor as an edit the browser's undo
// (Ctrl+Z) takes back: a sample or a share link never discards what was
// there. The first text of an empty editor is simply set.
// Browsers insert text as an undoable edit slowly (seconds for a few
// hundred KB), so above undoLimit characters the text is set directly and
// the one it replaced is kept in localStorage ("dwarfscope.replaced").
const undoLimit = 60000;
function replaceSource(ta, text) {
  if (ta.value === "") { ta.value = text; return; }
  if (text.length + ta.value.length > undoLimit) {
    try { localStorage.setItem("dwarfscope.replaced", ta.value); } catch (e) { /* full */ }
    ta.value = text;
    return;
  }
  ta.focus();
  ta.setSelectionRange(0, ta.value.length);
  if (!document.execCommand("insertText", false, text)) {
    ta.value = text; // no undoable editing in this browser
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  }
  ta.setSelectionRange(0, 0);
  ta.scrollTop = 0;
}

// indentLines indents (or with outdent, outdents by up to four spaces)
// every line the selection touches, as one undoable edit; a Tab without a
// selection inserts four spaces.
function indentLines(ta, outdent) {
  const v = ta.value, s = ta.selectionStart, e = ta.selectionEnd;
  if (!outdent && s === e) {
    document.execCommand("insertText", false, "    ");
    return;
  }
  const from = s === 0 ? 0 : v.lastIndexOf("\n", s - 1) + 1;
  let to = e;
  if (e > s && v[e - 1] === "\n") to = e - 1; // a selection ending at a line start leaves that line alone
  const endNl = v.indexOf("\n", to);
  const lineEnd = endNl < 0 ? v.length : endNl;
  const lines = v.slice(from, lineEnd).split("\n");
  let firstDelta = 0, total = 0;
  const out = lines.map((l, i) => {
    let d;
    if (outdent) {
      const n = l.match(/^ {0,4}/)[0].length || (l.startsWith("\t") ? 1 : 0);
      d = -n;
      l = l.slice(n);
    } else {
      d = 4;
      l = "    " + l;
    }
    if (i === 0) firstDelta = d;
    total += d;
    return l;
  }).join("\n");
  if (total === 0) return;
  ta.setSelectionRange(from, lineEnd);
  document.execCommand("insertText", false, out);
  ta.setSelectionRange(Math.max(from, s + firstDelta), e + total);
}

// Syntax highlighting of the lines in view: a few dozen lines tokenized
// per scroll or keystroke, whatever the program's size.
const hlKeywords = new Set(["const", "var", "fn", "pub", "export", "extern", "threadlocal", "struct", "enum", "union",
  "opaque", "error", "packed", "extern", "align", "callconv", "return", "comptime", "volatile", "allowzero", "inline",
  "noinline", "if", "else", "while", "for", "break", "continue", "switch", "orelse", "catch", "try", "and", "or",
  "undefined", "null", "true", "false", "unreachable", "defer", "test"]);
const hlToken = /(\/\/.*$)|("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?)|(@[A-Za-z_][\w]*)|(\b(?:0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)\b)|([A-Za-z_][\w]*)/g;
const hlTypes = /^(?:[iu]\d+|f16|f32|f64|f80|f128|bool|void|noreturn|type|anyerror|anyopaque|usize|isize|comptime_int|comptime_float|c_int|c_uint|c_long|c_ulong|c_char)$/;
function hlEscape(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
function hlLine(line) {
  let out = "", last = 0, m;
  hlToken.lastIndex = 0;
  while ((m = hlToken.exec(line)) !== null) {
    if (m[0] === "") { hlToken.lastIndex++; continue; }
    out += hlEscape(line.slice(last, m.index));
    let cls = "";
    if (m[1]) cls = "c";
    else if (m[2]) cls = "s";
    else if (m[3]) cls = "b";
    else if (m[4]) cls = "n";
    else if (m[5]) cls = hlKeywords.has(m[5]) ? "k" : hlTypes.test(m[5]) ? "t" : line[hlToken.lastIndex] === "(" ? "f" : "";
    out += cls ? '<span class="' + cls + '">' + hlEscape(m[0]) + "</span>" : hlEscape(m[0]);
    last = hlToken.lastIndex;
  }
  return out + hlEscape(line.slice(last));
}
// view is the textarea's scroll position and height as the last scroll
// event (or resize) read them: reading them after the DOM was written
// would lay out the page (and the textarea's thousands of lines) once
// more inside the keystroke, before the frame does it anyway.
const view = { top: 0, left: 0, height: 0 };
function readView(ta) {
  view.top = ta.scrollTop;
  view.left = ta.scrollLeft;
  view.height = ta.clientHeight;
}

// highlightVisible runs after each render (an edit's included) and on
// scroll, from the last read scroll position (view). Each visible line is
// its own element, and only the lines whose text changed are redrawn, so
// a key laid out again one line of the overlay, not all of them.
let hlFirst = -1, hlLines = [], hlTransform = "";
function highlightVisible() {
  const ta = document.getElementById("src"), pre = document.getElementById("hl");
  if (!ta || !pre) return;
  const first = Math.max(0, Math.floor((view.top - 8) / 20));
  const count = Math.ceil(view.height / 20) + 2;
  const v = ta.value;
  let off = 0;
  for (let l = 0; l < first && off >= 0; l++) { off = v.indexOf("\n", off); if (off >= 0) off++; }
  if (off < 0) off = v.length;
  let end = off;
  for (let l = 0; l < count && end >= 0; l++) { end = v.indexOf("\n", end); if (end >= 0) end++; }
  if (end < 0) end = v.length;
  const lines = v.slice(off, end).split("\n");
  if (first !== hlFirst || lines.length !== hlLines.length || pre.children.length !== lines.length) {
    pre.innerHTML = lines.map((l) => "<div>" + hlLine(l) + "\n</div>").join("");
    hlFirst = first;
  } else {
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] !== hlLines[i]) pre.children[i].innerHTML = hlLine(lines[i]) + "\n";
    }
  }
  hlLines = lines;
  if (pre.dataset.first !== String(first)) pre.dataset.first = first;
  const tr = "translate(" + -view.left + "px," + (first * 20 - view.top) + "px)";
  if (tr !== hlTransform || pre.style.transform !== tr) { pre.style.transform = tr; hlTransform = tr; }
  const ed = ta.closest(".editor");
  if (ed && !ed.classList.contains("hl-on")) ed.classList.add("hl-on");
}

// syncLayers scrolls the line numbers, the error marks and the
// highlighting with the textarea.
function syncLayers() {
  const ta = document.getElementById("src");
  if (!ta) return;
  readView(ta);
  highlightVisible();
  const g = document.getElementById("gutter");
  const m = document.getElementById("marks");
  if (g) g.style.transform = "translateY(" + -view.top + "px)";
  if (m) m.style.transform = "translate(" + -view.left + "px," + -view.top + "px)";
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
  new ResizeObserver(sync).observe(ta);
  // Where an edit starts and ends, for sendEdit: the selection before it
  // (beforeinput: typed keys, pastes, undo) and after it (the caret, less
  // the inserted text).
  ta.addEventListener("beforeinput", () => {
    hintLo = Math.min(hintLo, ta.selectionStart);
    hintTail = Math.min(hintTail, ta.textLength - ta.selectionEnd);
  });
  ta.addEventListener("input", (e) => {
    // An edited share link is no longer the link: a reload shows the
    // edits (saved in localStorage), not the link's version.
    if (location.hash.startsWith("#s=")) history.replaceState(null, "", location.pathname + location.search);
    const text = ta.value;
    hintLo = Math.min(hintLo, ta.selectionStart - (typeof e.data === "string" ? e.data.length : 0));
    hintTail = Math.min(hintTail, text.length - ta.selectionEnd);
    queueEdit(text); // the edit's render highlights the new text
  });
  ta.addEventListener("click", () => reportCaret(ta));
  ta.addEventListener("keyup", (e) => { if (e.key.startsWith("Arrow") || e.key === "Home" || e.key === "End" || e.key.startsWith("Page")) reportCaret(ta); });
  ta.addEventListener("keydown", (e) => {
    if (e.key === "Tab" && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      indentLines(ta, e.shiftKey);
    }
  });
  sync();
}

// wireMap connects the section map's wheel, drag and keys (once: #map
// stays while its content is patched) and reports its width.
function wireMap() {
  const map = document.getElementById("map");
  if (!map || map.dsWired || !window.dsMap) return;
  map.dsWired = true;
  // The observer reports the first width too, in its own task (not from
  // inside the render that called wireMap).
  new ResizeObserver(() => window.dsMap("width", Math.max(0, map.clientWidth - 24))).observe(map);
  const svgX = (e) => {
    const svg = map.querySelector("svg.map-svg");
    return svg ? e.clientX - svg.getBoundingClientRect().left : 0;
  };
  map.addEventListener("wheel", (e) => {
    if (!e.target.closest("#map-scroll") || e.shiftKey) return;
    e.preventDefault();
    window.dsMap("zoom", e.deltaY < 0 ? 1.25 : 0.8, svgX(e));
  }, { passive: false });
  let drag = null;
  map.addEventListener("pointerdown", (e) => {
    if (e.button === 0 && e.target.closest("#map-scroll")) drag = { x: e.clientX, moved: false };
  });
  window.addEventListener("pointermove", (e) => {
    if (!drag || !(e.buttons & 1)) { drag = null; return; }
    const dx = e.clientX - drag.x;
    if (!drag.moved && Math.abs(dx) < 5) return;
    drag.moved = true;
    drag.x = e.clientX;
    const w = Math.max(1, map.clientWidth - 24 - 160);
    window.dsMap("pan", -dx / w);
  });
  window.addEventListener("pointerup", () => {
    if (drag && drag.moved) {
      // the click that follows this pointerup (same task) is not a selection
      map.dsDragged = true;
      setTimeout(() => { map.dsDragged = false; }, 0);
    }
    drag = null;
  });
  // A drag is not a click on the entry it ended on.
  map.addEventListener("click", (e) => {
    if (map.dsDragged) { map.dsDragged = false; e.stopPropagation(); e.preventDefault(); }
  }, true);
  map.addEventListener("keydown", (e) => {
    if (!e.target.closest("#map-scroll")) return;
    const k = { "+": ["zoom", 2], "=": ["zoom", 2], "-": ["zoom", 0.5], "ArrowLeft": ["pan", -0.25], "ArrowRight": ["pan", 0.25], "0": ["reset", 0] }[e.key];
    if (!k) return;
    e.preventDefault();
    const svg = map.querySelector("svg.map-svg");
    const mid = svg ? 160 + (svg.clientWidth - 170) / 2 : 0;
    window.dsMap(k[0], k[1], mid);
  });
}

// Download bytes the page made (its incremental ELF image).
window.dsDownload = function (filename, bytes) {
  saveBlob(new Blob([bytes], { type: "application/x-elf" }), filename);
};

// saveBlob downloads a blob the page made under filename.
function saveBlob(blob, filename) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

// svgToPNG draws a standalone SVG document on a canvas at scale times its
// size and returns the PNG: the SVG renders alone (its styles inlined),
// so the image is what the map panel shows.
async function svgToPNG(svgText, scale) {
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const w = +doc.documentElement.getAttribute("width"), h = +doc.documentElement.getAttribute("height");
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(w * scale);
    canvas.height = Math.ceil(h * scale);
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    return await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

// The map exports (buttons with data-mapexport: svg, png, json): the Go
// side makes the SVG and the JSON, the browser draws the PNG.
document.addEventListener("click", async (e) => {
  const b = e.target.closest && e.target.closest("[data-mapexport]");
  if (!b || !window.dsMapExport) return;
  const kind = b.dataset.mapexport;
  const f = window.dsMapExport(kind === "png" ? "svg" : kind);
  const status = document.getElementById("status");
  if (!f || f.error) {
    if (status) status.textContent = "export failed: " + (f ? f.error : "not ready");
    return;
  }
  if (kind === "png") {
    try {
      saveBlob(await svgToPNG(f.text, 2), f.name.replace(/\.svg$/, ".png"));
    } catch (err) {
      if (status) status.textContent = "PNG export failed: " + err;
    }
    return;
  }
  saveBlob(new Blob([f.text], { type: f.type }), f.name);
});

// Export: POST the source to the server's build API and download the answer.
window.dsExport = async function (query, source, filename) {
  const status = document.getElementById("status");
  try {
    const resp = await fetch("api/build?" + query, { method: "POST", body: source });
    if (!resp.ok) {
      if (status) status.textContent = "export failed: " + exportError(await resp.text());
      return;
    }
    saveBlob(await resp.blob(), filename);
  } catch (e) {
    if (status) status.textContent = "export failed: " + e;
  }
};

// exportError turns the build API's JSON failure into a readable line:
// "file:line:col: message" for the first source error, else its message.
function exportError(text) {
  try {
    const f = JSON.parse(text);
    if (f.errors && f.errors.length) {
      const e = f.errors[0];
      const more = f.errors.length > 1 ? " (and " + (f.errors.length - 1) + " more)" : "";
      return e.file + ":" + e.line + ":" + e.col + ": " + e.message + more;
    }
    if (f.error) return f.error;
  } catch (e) { /* not JSON */ }
  return text;
}

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
    if (/^ds\d+\n/.test(saved)) {
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
  let copied = false;
  if (navigator.clipboard && window.isSecureContext) {
    try { await navigator.clipboard.writeText(url); copied = true; } catch (e) { /* refused */ }
  }
  const b = document.getElementById("share");
  if (b) {
    b.textContent = copied ? "Link copied" : "Link in the address bar (no clipboard here)";
    setTimeout(() => (b.textContent = "Share link"), copied ? 1500 : 4000);
  }
};

(async function () {
  // The module's download starts first: on a slow link it is most of the
  // time to the first map.
  // Its compilation starts with its first bytes too, while the saved
  // state and a share link are decompressed (the module reads them only
  // when it runs).
  const resp = fetch("app.wasm");
  const go = new Go();
  const compiling = WebAssembly.instantiateStreaming(resp, go.importObject);
  compiling.catch(() => {}); // handled below, after the state is read
  window.dsInitial = await initialStates();
  let result;
  try {
    result = await compiling;
  } catch (e) {
    const buf = await (await fetch("app.wasm")).arrayBuffer();
    result = await WebAssembly.instantiate(buf, go.importObject);
  }
  document.getElementById("app").innerHTML = "";
  // When the module was compiled and started, for the benchmarks (the
  // first map's time is dsRender.firstMs).
  window.dsRender.runMs = performance.now();
  go.run(result.instance);
})();

// Opening an ELF file: chosen with the "Open ELF…" input or dropped on
// the page, it is read here with FileReader and handed to the Go side
// (dsOpen), which decodes it with dwarfread; nothing is uploaded. The
// status line says what is being read until the views show it;
// window.dsRender.open keeps what the last open cost (for the tests and
// benchmarks).
function openStatus(text) {
  const el = document.getElementById("open-status");
  if (el) el.textContent = text;
}
function openFile(file) {
  if (!file || !window.dsOpen) return;
  const t0 = performance.now();
  openStatus("reading " + file.name + " (" + file.size.toLocaleString() + " bytes)…");
  const reader = new FileReader();
  reader.onerror = () => openStatus("cannot read " + file.name + ": " + reader.error);
  reader.onload = () => {
    const bytes = new Uint8Array(reader.result);
    const tRead = performance.now();
    // Let the status paint before the decoding takes the thread.
    requestAnimationFrame(() => setTimeout(() => {
      const res = window.dsOpen(file.name, bytes);
      openStatus("");
      window.dsRender.open = { name: file.name, size: file.size, fileReaderMs: tRead - t0, totalMs: performance.now() - t0,
        ms: res.ms, readMs: res.readMs, mapMs: res.mapMs, renderMs: res.renderMs, debugBytes: res.debugBytes, error: res.error || "" };
      window.dsRender.opens = (window.dsRender.opens || 0) + 1;
    }, 0));
  };
  reader.readAsArrayBuffer(file);
}
document.addEventListener("change", (e) => {
  if (e.target && e.target.id === "open-file") {
    openFile(e.target.files[0]);
    e.target.value = "";
  }
});
document.addEventListener("dragover", (e) => {
  if (e.dataTransfer && [...e.dataTransfer.types].includes("Files")) {
    e.preventDefault();
    document.body.classList.add("dropping");
  }
});
document.addEventListener("dragleave", (e) => { if (!e.relatedTarget) document.body.classList.remove("dropping"); });
document.addEventListener("drop", (e) => {
  if (!e.dataTransfer || !e.dataTransfer.files.length) return;
  e.preventDefault();
  document.body.classList.remove("dropping");
  openFile(e.dataTransfer.files[0]);
});
