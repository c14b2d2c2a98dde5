// The storyboard: a panel per shot, grouped by scene, VIRTUALISED. Only the rows in view (and
// one screen either side) exist in the DOM, and shots are fetched a page of 100 at a time as
// they scroll into view, so a 2,000-shot feature opens as fast as a short. The layout comes from
// the scene list alone (how many shots each scene has), before any panel is fetched.

import { api, projectPath } from "./api.js";
import { h, secs } from "./dom.js";

const PAGE = 100;
const MIN_W = 196; // px: panels share the board's width, none narrower than this
const TEXT_H = 118; // px under the 16:9 thumbnail: number, camera words, dialogue, reasons
const HEAD_H = 40;
const GAP = 12;
const PAD = 12;
const SCROLL_KEYS = new Set(["PageUp", "PageDown", "Home", "End", "ArrowUp", "ArrowDown", " "]);

export class Board {
  /**
   * @param {HTMLElement} scroller the scrolling element
   * @param {{pid: string, onPick: (panel, index) => void, onError: (e) => void, onPanels: (panels) => void}} options
   */
  constructor(scroller, { pid, onPick, onError, onPanels }) {
    this.scroller = scroller;
    this.pid = pid;
    this.onPick = onPick;
    this.onError = onError;
    this.onPanels = onPanels || (() => {});
    this.canvas = h("div", { class: "board-canvas", role: "group", "aria-label": "Storyboard panels" });
    scroller.replaceChildren(this.canvas);
    this.panels = []; // sparse, by film index
    this.pages = new Map(); // page number -> Promise
    this.stalePages = new Set();
    this.scenes = [];
    this.total = 0;
    this.rows = [];
    this.shown = new Map(); // row key -> element
    this.stamps = new Map(); // row key -> what its panels were when drawn
    this.selectedId = null;
    this.current = -1;
    this.rendering = new Set(); // shot ids being drawn again
    this.userScrolled = 0;
    this.generation = 0;
    this.scroller.addEventListener("scroll", () => this.schedule(), { passive: true });
    // the director's own scrolling (wheel, touch, the scrollbar, scroll keys) wins over the
    // playhead's for a few seconds; a click on a panel is not a scroll
    const scrolled = () => (this.userScrolled = performance.now());
    this.scroller.addEventListener("wheel", scrolled, { passive: true });
    this.scroller.addEventListener("touchmove", scrolled, { passive: true });
    this.scroller.addEventListener("pointerdown", (event) => event.target === this.scroller && scrolled());
    this.scroller.addEventListener("keydown", (event) => SCROLL_KEYS.has(event.key) && scrolled());
    new ResizeObserver(() => this.layout()).observe(this.scroller);
    this.scroller.addEventListener("keydown", (event) => this.keys(event));
  }

  /** A (new) cut: its scenes and shot count. Keeps fetched panels until their pages refresh. */
  setCut(scenes, total) {
    const shape = JSON.stringify([scenes, total]);
    this.scenes = scenes;
    this.total = total;
    this.shape = shape;
    this.layout(); // a no-op when the scenes, the shot count and the width are as they were
  }

  /** After a `changed` event: every fetched page is stale; visible ones are fetched again now,
   * while the old panels stay on screen until the new ones arrive (no flash). */
  invalidate() {
    this.generation += 1;
    for (const page of this.pages.keys()) this.stalePages.add(page);
    this.pages.clear();
    this.schedule();
  }

  markRendering(shotId, on) {
    if (on) this.rendering.add(shotId);
    else this.rendering.delete(shotId);
    for (const el of this.canvas.querySelectorAll(`.panel[data-shot-id="${CSS.escape(shotId)}"]`)) {
      el.classList.toggle("is-rendering", on);
    }
  }

  clearRendering() {
    for (const id of [...this.rendering]) this.markRendering(id, false);
  }

  // -- layout: rows of panels under scene headers, each row's y known without the DOM --------
  layout() {
    const width = this.scroller.clientWidth - 2 * PAD;
    this.cols = Math.max(1, Math.floor((width + GAP) / (MIN_W + GAP)));
    const panelW = Math.max(MIN_W, Math.floor((width - (this.cols - 1) * GAP) / this.cols));
    const panelH = Math.round((panelW * 9) / 16) + TEXT_H;
    const key = `${this.cols}|${panelW}|${this.shape}`;
    if (key === this.layoutKey) return this.schedule(); // only the height changed: same rows
    this.layoutKey = key;
    this.canvas.style.setProperty("--panel-w", `${panelW}px`);
    this.canvas.style.setProperty("--panel-h", `${panelH}px`);
    const rows = [];
    let y = PAD;
    const scenes = this.scenes.length ? this.scenes : [{ number: 1, heading: "", first_shot_index: 0, shots: this.total }];
    scenes.forEach((scene, s) => {
      const first = scene.first_shot_index ?? 0;
      const count = sceneCount(scenes, s, this.total);
      rows.push({ key: `h${s}`, kind: "head", y, height: HEAD_H, scene, count });
      y += HEAD_H;
      for (let i = 0; i < count; i += this.cols) {
        rows.push({ key: `r${first + i}`, kind: "row", y, height: panelH, first: first + i, count: Math.min(this.cols, count - i) });
        y += panelH + GAP;
      }
      y += GAP;
    });
    this.rows = rows;
    this.canvas.style.height = `${y + PAD}px`;
    for (const el of this.shown.values()) el.remove();
    this.shown.clear();
    this.stamps.clear();
    this.draw();
  }

  schedule() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  }

  /** Rows overlapping the viewport, one screen either side. */
  visibleRows() {
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight || 600;
    const from = top - height;
    const to = top + 2 * height;
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[mid].y + this.rows[mid].height < from) lo = mid + 1;
      else hi = mid;
    }
    const out = [];
    for (let i = lo; i < this.rows.length && this.rows[i].y <= to; i++) out.push(this.rows[i]);
    return out;
  }

  draw() {
    const rows = this.visibleRows();
    const keep = new Set(rows.map((r) => r.key));
    for (const [key, el] of this.shown) {
      if (!keep.has(key)) {
        el.remove();
        this.shown.delete(key);
        this.stamps.delete(key);
      }
    }
    for (const row of rows) {
      if (row.kind === "row") this.need(row.first, row.first + row.count - 1);
      const old = this.shown.get(row.key);
      const stamp = this.rowStamp(row);
      if (old && this.stamps.get(row.key) === stamp) continue;
      const el = row.kind === "head" ? this.sceneHead(row) : this.panelRow(row);
      this.stamps.set(row.key, stamp);
      if (old) old.replaceWith(el);
      else this.canvas.append(el);
      this.shown.set(row.key, el);
    }
  }

  /** A row is redrawn only when one of its panels changed (a note's shots, not the rest). */
  rowStamp(row) {
    if (row.kind === "head") return `${row.scene.number}|${row.count}|${row.scene.heading}`;
    let stamp = "";
    for (let i = row.first; i < row.first + row.count; i++) stamp += this.panels[i] ? `${this.panels[i]._sig}\n` : "-\n";
    return stamp;
  }

  sceneHead(row) {
    const { scene, count } = row;
    return h(
      "div",
      { class: "scene-head", style: `top:${row.y}px`, "data-testid": "scene", "data-scene": scene.number, role: "heading", "aria-level": 3 },
      h("span", { class: "scene-number", text: `Scene ${scene.number}` }),
      h("span", { class: "scene-heading", text: scene.heading || "" }),
      h("span", { class: "muted", text: `${count} shot${count === 1 ? "" : "s"}` }),
    );
  }

  panelRow(row) {
    const el = h("div", { class: "panel-row", style: `top:${row.y}px`, role: "presentation" });
    for (let i = row.first; i < row.first + row.count; i++) el.append(this.panelEl(i));
    return el;
  }

  panelEl(index) {
    const panel = this.panels[index];
    if (!panel) {
      return h("div", { class: "panel placeholder", "data-index": index, "aria-busy": "true" },
        h("div", { class: "thumb" }), h("div", { class: "panel-text", text: `shot ${index + 1}` }));
    }
    const selected = panel.id === this.selectedId;
    const classes = ["panel", panel.passed === false ? "failed" : "passed"];
    if (selected) classes.push("selected");
    if (index === this.current) classes.push("current");
    if (this.rendering.has(panel.id)) classes.push("is-rendering");
    const verdict = panel.passed === false ? "sent back" : panel.passed === true ? "passed" : "not judged";
    const thumbs = panel.thumbs || [];
    const img = thumbs.length
      ? h("img", { src: thumbs[0], alt: "", loading: "lazy", decoding: "async", draggable: false })
      : null;
    const el = h(
      "article",
      {
        class: classes.join(" "),
        role: "button",
        tabindex: 0,
        "aria-pressed": selected ? "true" : "false",
        "aria-label": `Shot ${panel.number}, ${panel.camera_words}, ${secs(panel.duration_s)}, critic: ${verdict}`,
        "data-testid": "panel",
        "data-index": index,
        "data-number": panel.number,
        "data-shot-id": panel.id,
        onclick: () => this.pick(index),
        onkeydown: (event) => {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            this.pick(index);
          }
        },
      },
      h("div", { class: "thumb" }, img, thumbs.length > 1 ? h("span", { class: "thumb-count", text: `${thumbs.length} keys` }) : null,
        h("span", { class: "rendering-badge", text: "drawing…" })),
      h(
        "div",
        { class: "panel-text" },
        h("div", { class: "panel-line" },
          h("span", { class: "panel-number", "data-testid": "panel-number", text: String(panel.number) }),
          h("span", { class: "panel-duration", text: secs(panel.duration_s) }),
          h("span", { class: `verdict ${panel.passed === false ? "fail" : "pass"}`, "data-testid": "panel-verdict", title: (panel.reasons || []).join("\n") || verdict, text: panel.passed === false ? "✕ sent back" : "✓ passed" }),
        ),
        h("div", { class: "panel-camera", "data-testid": "panel-camera", text: panel.camera_words || "" }),
        h("div", { class: "panel-dialogue" }, (panel.dialogue || []).slice(0, 2).map((line) =>
          h("div", {}, h("b", { text: `${line.character}: ` }), line.text))),
        panel.passed === false && panel.reasons?.length ? h("div", { class: "panel-reasons", text: panel.reasons[0] }) : null,
      ),
    );
    if (thumbs.length > 1 && img) {
      // hover cycles through the shot's keyframes, as flipping a storyboard's pages
      let k = 0;
      let timer = 0;
      el.addEventListener("mouseenter", () => {
        timer = setInterval(() => (img.src = thumbs[(k = (k + 1) % thumbs.length)]), 600);
      });
      el.addEventListener("mouseleave", () => {
        clearInterval(timer);
        img.src = thumbs[(k = 0)];
      });
    }
    return el;
  }

  // -- fetching pages ---------------------------------------------------------------------
  need(first, last) {
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) this.fetchPage(page);
  }

  fetchPage(page) {
    if (this.pages.has(page)) return this.pages.get(page);
    const generation = this.generation;
    const promise = api(`${projectPath(this.pid)}/shots?offset=${page * PAGE}&limit=${PAGE}`)
      .then((data) => {
        if (generation !== this.generation) return;
        (data.panels || []).forEach((panel, k) => {
          panel._sig = JSON.stringify(panel);
          this.panels[panel.index ?? page * PAGE + k] = panel;
        });
        this.stalePages.delete(page);
        this.onPanels(data.panels || []);
        this.schedule();
      })
      .catch((error) => {
        this.pages.delete(page);
        this.onError(error);
      });
    this.pages.set(page, promise);
    return promise;
  }

  /** The panel at `index`, fetched if need be. */
  async panelAt(index) {
    if (!this.panels[index] || this.stalePages.has(Math.floor(index / PAGE))) await this.fetchPage(Math.floor(index / PAGE));
    return this.panels[index];
  }

  // -- selection and the playhead ----------------------------------------------------------
  async pick(index) {
    const panel = await this.panelAt(index);
    if (!panel) return;
    this.select(panel.id);
    this.onPick(panel, index);
  }

  select(shotId) {
    this.selectedId = shotId;
    for (const el of this.canvas.querySelectorAll(".panel")) {
      const on = el.dataset.shotId === shotId && shotId !== null;
      el.classList.toggle("selected", on);
      el.setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  /** The playhead entered shot `index`: highlight it and keep it in view, unless the director
   * scrolled the board in the last few seconds (then their scroll wins). */
  setCurrent(index, { scroll = true, force = false } = {}) {
    this.current = index;
    for (const el of this.canvas.querySelectorAll(".panel.current")) el.classList.remove("current");
    const el = this.canvas.querySelector(`.panel[data-index="${index}"]`);
    if (el) el.classList.add("current");
    if (force || (scroll && performance.now() - this.userScrolled > 2500)) this.reveal(index);
  }

  /** Scroll so shot `index`'s row is in view. */
  reveal(index, { focus = false } = {}) {
    const row = this.rows.find((r) => r.kind === "row" && index >= r.first && index < r.first + r.count);
    if (!row) return;
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight;
    if (row.y - HEAD_H < top || row.y + row.height > top + height) {
      this.scroller.scrollTo({ top: Math.max(0, row.y - HEAD_H - GAP), behavior: "auto" });
      this.draw();
    }
    if (focus) this.canvas.querySelector(`.panel[data-index="${index}"]`)?.focus({ preventScroll: true });
  }

  keys(event) {
    const target = event.target.closest?.(".panel");
    if (!target) return;
    const index = Number(target.dataset.index);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: this.cols, ArrowUp: -this.cols }[event.key];
    if (!step) return;
    event.preventDefault();
    const next = Math.min(this.total - 1, Math.max(0, index + step));
    this.reveal(next);
    this.schedule();
    requestAnimationFrame(() => this.canvas.querySelector(`.panel[data-index="${next}"]`)?.focus({ preventScroll: true }));
  }

  /** Start times of the panels fetched so far (for a server that sends no shot_starts). */
  knownStarts() {
    return this.panels.map((p) => p?.start_s);
  }
}

function sceneCount(scenes, s, total) {
  const scene = scenes[s];
  if (Array.isArray(scene.shots)) return scene.shots.length;
  if (Number.isFinite(scene.shots)) return scene.shots;
  const next = scenes[s + 1];
  return (next ? next.first_shot_index : total) - (scene.first_shot_index ?? 0);
}

