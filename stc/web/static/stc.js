// stc serve: the browser side. Pages are rendered on the server; this file codes selections,
// edits units and subgroups through the JSON API, and refreshes when the files change.
"use strict";
(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const csrf = () => $('meta[name="stc-csrf"]').content;
  let fingerprint = $('meta[name="stc-fingerprint"]').content;
  let selection = null; // {turn, start, end, text} of the current text selection
  let picked = null; // the unit id shown in the unit panel
  let pendingCodes = []; // codes chosen for the selection, kept across a conflict
  let busy = 0; // changes and refreshes in flight: the poll waits for them

  function notice(text, error) {
    const n = $("#notice");
    n.textContent = text || "";
    n.className = error ? "error" : "";
  }

  async function post(path, body) {
    const view = $("#view");
    if (view && body.version === undefined) body.version = view.dataset.version;
    busy++;
    try { return await send(path, body, view); } finally { busy--; }
  }

  async function send(path, body, view) {
    const res = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-STC-CSRF": csrf() },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = {};
    try { data = await res.json(); } catch (e) { data = { error: res.statusText }; }
    if (!res.ok) {
      notice((data.error || "refused") + (data.hint ? " — " + data.hint : ""), true);
      if (res.status === 409) await refresh(true);
      return null;
    }
    return data;
  }

  // ---- live refresh ------------------------------------------------------------------------
  function dirty() {
    const box = $("#coder-box");
    return $$("textarea").some((t) => t.value !== t.defaultValue) || Boolean(box && !box.hidden);
  }

  async function refresh(force) {
    busy++;
    try { await reload(force); } finally { busy--; }
  }

  async function reload(force) {
    const res = await fetch(location.pathname + location.search, { credentials: "same-origin" });
    if (!res.ok) return;
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    fingerprint = $('meta[name="stc-fingerprint"]', doc).content;
    const keep = {}; // unsaved editor text survives a refresh
    $$("textarea[data-subgroup], #synthesis").forEach((t) => {
      if (t.value !== t.defaultValue) keep[t.dataset.subgroup || t.id] = t.value;
    });
    const y = window.scrollY;
    $("#main").replaceWith($("#main", doc));
    $$("textarea[data-subgroup], #synthesis").forEach((t) => {
      const k = t.dataset.subgroup || t.id;
      if (k in keep) t.value = keep[k];
    });
    window.scrollTo(0, y);
    init();
    if (!force) notice("updated from the files");
  }

  async function poll() {
    if (document.hidden || busy) return;
    try {
      const res = await fetch("/fingerprint", { credentials: "same-origin" });
      if (!res.ok) return;
      const data = await res.json();
      if (busy) return; // a change of ours landed meanwhile and refreshes the page itself
      if (data.fingerprint !== fingerprint) {
        if (dirty()) notice("the files changed underneath; your unsaved text is kept", true);
        else await refresh(false);
      }
    } catch (e) { /* the server stopped: try again later */ }
  }
  setInterval(poll, 2500);

  // ---- transcript view ---------------------------------------------------------------------
  const units = () => JSON.parse($("#unit-data")?.textContent || "{}");
  const visibleCoders = () => new Set($$(".coder-toggle").filter((c) => c.checked).map((c) => c.value));

  function paint() {
    const on = visibleCoders();
    const data = units();
    $$(".seg.u").forEach((s) => {
      const ids = s.dataset.units.split(" ");
      s.classList.toggle("on", ids.some((id) => data[id] && on.has(data[id].coder)));
      s.classList.toggle("picked", picked !== null && ids.includes(picked));
    });
    $$(".stripe").forEach((st) => {
      st.classList.toggle("hidden", !on.has(st.dataset.coder));
      st.classList.toggle("picked", st.dataset.unit === picked);
    });
  }

  function placeStripes() {
    // each stripe spans its unit's lines of text
    $$(".turn").forEach((turn) => {
      const text = $(".text", turn);
      const top0 = text.getBoundingClientRect().top;
      $$(".stripe", turn).forEach((st) => {
        const segs = $$(".seg.u", text).filter((s) => s.dataset.units.split(" ").includes(st.dataset.unit));
        if (!segs.length) return;
        const rects = segs.flatMap((s) => Array.from(s.getClientRects()));
        const top = Math.min(...rects.map((r) => r.top)) - top0;
        const bottom = Math.max(...rects.map((r) => r.bottom)) - top0;
        st.style.top = top + "px";
        st.style.height = Math.max(bottom - top, 14) + "px";
      });
    });
  }

  // offsets in code points (as Python counts), not UTF-16 units (as JavaScript does)
  function offsetIn(container, node, offset) {
    const r = document.createRange();
    r.setStart(container, 0);
    r.setEnd(node, offset);
    return Array.from(r.toString()).length;
  }

  function readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    const el = (n) => (n.nodeType === 1 ? n : n.parentElement);
    const a = el(range.startContainer).closest(".text");
    const b = el(range.endContainer).closest(".text");
    if (!a && !b) return null;
    if (a !== b) return { error: "a meaning unit lies within one turn: select inside a single turn" };
    let start = offsetIn(a, range.startContainer, range.startOffset);
    let end = offsetIn(a, range.endContainer, range.endOffset);
    const chars = Array.from(a.textContent);
    while (start < end && /\s/.test(chars[start])) start++; // a unit does not start or end in blank
    while (end > start && /\s/.test(chars[end - 1])) end--;
    if (start >= end) return null;
    return { turn: Number(a.dataset.turn), start, end, text: chars.slice(start, end).join("") };
  }

  function chips() {
    const box = $("#chips");
    box.replaceChildren(...pendingCodes.map((c, i) => {
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.textContent = c + " ";
      const x = document.createElement("button");
      x.type = "button";
      x.textContent = "×";
      x.title = "remove";
      x.onclick = () => { pendingCodes.splice(i, 1); chips(); };
      chip.appendChild(x);
      return chip;
    }));
  }

  function openCoderBox() {
    if (document.body.classList.contains("read-only") || !$("#view").dataset.me) return;
    const s = readSelection() || selection;
    if (!s) return;
    if (s.error) { notice(s.error, true); return; }
    selection = s;
    $("#coder-box-quote").textContent = s.text;
    $("#coder-box-title").textContent = "Code turn " + s.turn + " (" + s.start + "–" + s.end + ")";
    $("#coder-box").hidden = false;
    chips();
    $("#code-input").focus();
  }

  function closeBoxes() {
    $("#coder-box").hidden = true;
    pendingCodes = [];
    $("#unit-panel").hidden = true;
    picked = null;
    paint();
  }

  async function saveUnit() {
    const typed = $("#code-input").value.trim();
    if (typed) { pendingCodes.push(typed); $("#code-input").value = ""; }
    if (!selection || !pendingCodes.length) { notice("choose at least one code", true); return; }
    const data = await post("/api/unit/add", {
      transcript: $("#view").dataset.transcript, turn: selection.turn, start: selection.start,
      end: selection.end, codes: pendingCodes, code_group: $("#new-group").value,
    });
    if (!data) { // the codes are kept for another try
      chips();
      $("#coder-box-quote").textContent = selection.text;
      $("#coder-box").hidden = false;
      return;
    }
    notice((data.merged ? "added codes to unit " : "saved unit ") + data.unit);
    pendingCodes = [];
    selection = null;
    $("#coder-box").hidden = true;
    window.getSelection().removeAllRanges();
    picked = data.unit;
    await refresh(true);
  }

  function showUnit(id) {
    const u = units()[id];
    if (!u) return;
    picked = id;
    $("#unit-id").textContent = id;
    $("#unit-coder").textContent =
      u.coder + (u.last_turn > u.turn ? " · turns " + u.turn + "–" + u.last_turn : " · turn " + u.turn);
    $("#unit-quote").textContent = u.text;
    $("#unit-note").value = u.note;
    $("#unit-note").defaultValue = u.note;
    const mine = u.coder === $("#view").dataset.me;
    $("#unit-codes").replaceChildren(...u.codes.map((c, i) => {
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.textContent = u.labels[i] + " ";
      if (mine && !document.body.classList.contains("read-only")) {
        const x = document.createElement("button");
        x.type = "button";
        x.textContent = "×";
        x.title = "drop this code";
        x.onclick = () => unitAction("/api/unit/recode", { drop: [c] });
        chip.appendChild(x);
      }
      return chip;
    }));
    $("#unit-panel").hidden = false;
    paint();
  }

  async function unitAction(path, extra) {
    if (!picked) return;
    // the version of the file this unit lives in: its coder's units for this transcript
    const versions = JSON.parse($("#versions").textContent);
    const version = versions[units()[picked]?.coder] ?? "";
    const data = await post(path, Object.assign({ unit: picked, version }, extra));
    if (data) {
      notice(data.summary || "saved");
      if (path.endsWith("remove")) picked = null;
      await refresh(true);
      if (picked) showUnit(picked); else $("#unit-panel").hidden = true;
    }
  }

  function stepUnit(dir) {
    const on = visibleCoders();
    // a unit across turns has a stripe on each of its turns: step over it once
    const list = [...new Set($$(".stripe").filter((s) => on.has(s.dataset.coder)).map((s) => s.dataset.unit))];
    if (!list.length) return;
    const i = list.indexOf(picked);
    const next = list[(i + dir + list.length) % list.length];
    showUnit(next);
    $('.stripe[data-unit="' + next + '"]').scrollIntoView({ block: "center" });
  }

  async function undo() {
    const data = await post("/api/undo", {});
    if (data) { notice("undone: " + data.summary); await refresh(true); }
  }

  function initTranscript() {
    paint();
    placeStripes();
    $$(".coder-toggle").forEach((c) => (c.onchange = paint));
    $$(".seg.u").forEach((s) => (s.onclick = () => {
      if (!window.getSelection().isCollapsed) return;
      const on = visibleCoders();
      const ids = s.dataset.units.split(" ").filter((id) => on.has(units()[id]?.coder));
      if (!ids.length) return;
      const i = ids.indexOf(picked);
      showUnit(ids[(i + 1) % ids.length]); // clicking again cycles through overlapping units
    }));
    $$(".stripe").forEach((s) => (s.onclick = () => showUnit(s.dataset.unit)));
    $$(".text").forEach((t) => t.addEventListener("mouseup", () => {
      const s = readSelection();
      if (s && !s.error && picked) {
        // a unit is open: the selection may be its new extent (w) or a new unit (c)
        selection = s;
        notice("selection: c codes it as a new unit, w re-anchors unit " + picked);
      } else if (s && !s.error) { selection = s; openCoderBox(); }
      else if (s && s.error) notice(s.error, true);
    }));
    $("#save-unit").onclick = saveUnit;
    $("#cancel-box").onclick = closeBoxes;
    $("#code-input").addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        const v = e.target.value.trim();
        if (v) { pendingCodes.push(v); e.target.value = ""; chips(); }
        else saveUnit();
      }
    });
    $("#recode-input").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && e.target.value.trim()) {
        e.preventDefault();
        unitAction("/api/unit/recode", { add: [e.target.value.trim()] });
        e.target.value = "";
      }
    });
    $("#save-note").onclick = () => unitAction("/api/unit/note", { note: $("#unit-note").value });
    $("#remove-unit").onclick = () => unitAction("/api/unit/remove", {});
    $("#reanchor").onclick = () => {
      const s = readSelection() || selection;
      if (!s || s.error) { notice("select the new extent of the unit first", true); return; }
      unitAction("/api/unit/reanchor", { turn: s.turn, start: s.start, end: s.end });
    };
    $("#undo").onclick = undo;
  }

  // ---- code group view ---------------------------------------------------------------------
  async function moveUnit(unit, column) {
    let subgroup = column.dataset.subgroup;
    const body = { code_group: $("#view").dataset.codeGroup, units: [unit], subgroup };
    if (subgroup === "+") {
      const label = prompt("Label of the new subgroup");
      if (!label) return;
      body.label = label;
    }
    const data = await post("/api/group/move", body);
    if (data) { notice("moved " + unit); await refresh(true); $('.card[data-unit="' + unit + '"]')?.focus(); }
  }

  function initGroup() {
    const view = $("#view");
    const cg = view.dataset.codeGroup;
    $$(".card").forEach((c) => {
      c.addEventListener("dragstart", (e) => e.dataTransfer.setData("text/plain", c.dataset.unit));
      c.addEventListener("keydown", (e) => {
        if (e.target !== c) return;
        const col = $$(".column").find((k) => k.dataset.key === e.key);
        if (col) { e.preventDefault(); moveUnit(c.dataset.unit, col); }
        if (e.key === "g") $(".golden-btn", c)?.click();
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          const all = $$(".card");
          const i = all.indexOf(c) + (e.key === "ArrowDown" ? 1 : -1);
          all[Math.max(0, Math.min(all.length - 1, i))].focus();
          e.preventDefault();
        }
      });
    });
    $$(".column").forEach((col) => {
      col.addEventListener("dragover", (e) => { e.preventDefault(); col.classList.add("over"); });
      col.addEventListener("dragleave", () => col.classList.remove("over"));
      col.addEventListener("drop", (e) => {
        e.preventDefault();
        col.classList.remove("over");
        moveUnit(e.dataTransfer.getData("text/plain"), col);
      });
    });
    $$(".golden-btn").forEach((b) => (b.onclick = async () => {
      const data = await post("/api/group/golden", { code_group: cg, subgroup: b.dataset.subgroup, unit: b.dataset.unit });
      if (data) { notice("golden quote: " + b.dataset.unit); await refresh(true); }
    }));
    $$("textarea.condensate").forEach((t) => {
      let timer = null;
      t.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
          const res = await fetch("/api/first-person?text=" + encodeURIComponent(t.value), { credentials: "same-origin" });
          if (res.ok) {
            const warn = t.parentElement.querySelector(".fp-warn");
            warn.hidden = !t.value.trim() || (await res.json()).first_person;
          }
        }, 300);
      });
    });
    $$(".save-condensate").forEach((b) => (b.onclick = async () => {
      const t = $('textarea.condensate[data-subgroup="' + b.dataset.subgroup + '"]');
      const data = await post("/api/group/condensate", { code_group: cg, subgroup: b.dataset.subgroup, text: t.value });
      if (data) { t.defaultValue = t.value; notice("condensate saved"); await refresh(true); }
    }));
    const syn = $("#synthesis");
    const complete = $("#ref-complete");
    syn.addEventListener("input", () => {
      const before = syn.value.slice(0, syn.selectionStart);
      const m = before.match(/\[\[([^\]\s]*)$/);
      if (!m) { complete.hidden = true; return; }
      const options = syn.dataset.units.split(" ").filter((id) => id && id.startsWith(m[1])).slice(0, 12);
      complete.replaceChildren(...options.map((id) => {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "chip";
        b.textContent = id;
        b.onclick = () => {
          const at = syn.selectionStart;
          syn.value = syn.value.slice(0, at - m[1].length) + id + "]]" + syn.value.slice(at);
          complete.hidden = true;
          syn.focus();
        };
        return b;
      }));
      complete.hidden = options.length === 0;
    });
    $("#save-synthesis").onclick = async () => {
      const data = await post("/api/group/synthesis", { code_group: cg, text: syn.value });
      if (data) { syn.defaultValue = syn.value; notice("analytic text saved"); await refresh(true); }
    };
  }

  // ---- keys ----------------------------------------------------------------------------------
  document.addEventListener("keydown", (e) => {
    if (!$(".transcript-page")) return;
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement?.tagName);
    if (e.key === "Escape") { closeBoxes(); document.activeElement?.blur(); return; }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "c" || e.key === "Enter") { if (readSelection()) { e.preventDefault(); openCoderBox(); } }
    else if (e.key === "j") stepUnit(1);
    else if (e.key === "k") stepUnit(-1);
    else if (e.key === "u") undo();
    else if (picked && e.key === "r") { e.preventDefault(); $("#recode-input").focus(); }
    else if (picked && e.key === "n") { e.preventDefault(); $("#unit-note").focus(); }
    else if (picked && e.key === "w") $("#reanchor").click();
    else if (picked && (e.key === "Delete" || e.key === "x")) unitAction("/api/unit/remove", {});
  });

  function init() {
    if ($(".transcript-page") && $("#view[data-transcript]")) initTranscript();
    if ($("#view[data-code-group]")) initGroup();
  }
  window.addEventListener("resize", () => $("#view[data-transcript]") && placeStripes());
  init();
})();
