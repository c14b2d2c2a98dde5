// The shot inspector: everything about the selected shot, from GET /shots/{id} (ShotDetail):
// camera, lens, pacing, keyframes, every critic round with its scores, and what the notes changed.

import { api, projectPath } from "./api.js";
import { fill, h, secs } from "./dom.js";
import { roundWords } from "./progress.js";

const CAMERA_FIELDS = [
  ["framing", "Framing"],
  ["angle", "Angle"],
  ["movements", "Moves"],
  ["lens_mm", "Lens"],
  ["speed", "Speed"],
  ["move_gain", "Move gain"],
];

export class Inspector {
  constructor(root, { pid, onError, onClose }) {
    this.root = root;
    this.pid = pid;
    this.onError = onError;
    this.onClose = onClose;
    this.shotId = null;
    this.token = 0;
    this.empty();
  }

  empty() {
    this.shotId = null;
    fill(
      this.root,
      h("div", { class: "inspector-empty" },
        h("h2", { text: "Shot inspector" }),
        h("p", { class: "muted", text: "Click a panel to see its camera, its keyframes and every critic round. Notes you type then mean that shot by “this shot”." })),
    );
  }

  async show(shotId) {
    this.shotId = shotId;
    const token = ++this.token;
    this.root.setAttribute("aria-busy", "true");
    try {
      const detail = await api(`${projectPath(this.pid)}/shots/${encodeURIComponent(shotId)}`);
      if (token !== this.token) return;
      this.draw(detail);
    } catch (error) {
      if (token === this.token) this.onError(error);
    } finally {
      if (token === this.token) this.root.removeAttribute("aria-busy");
    }
  }

  refresh() {
    if (this.shotId) this.show(this.shotId);
  }

  draw(detail) {
    const panel = detail.panel || {};
    const camera = detail.camera || {};
    fill(
      this.root,
      h("header", { class: "inspector-head" },
        h("h2", { "data-testid": "inspector-title", text: `Shot ${panel.number}` }),
        h("span", { class: "muted", text: `${panel.id} · scene ${sceneLabel(panel.scene)} · ${secs(panel.duration_s)}` }),
        h("button", { class: "icon", type: "button", "aria-label": "Close the inspector", title: "Close", onclick: () => { this.empty(); this.onClose?.(); } }, "✕"),
      ),
      h("p", { class: "inspector-camera", "data-testid": "inspector-camera", text: panel.camera_words || "" }),
      detail.description ? h("p", { class: "inspector-description", text: detail.description }) : null,
      h("dl", { class: "facts" },
        CAMERA_FIELDS.filter(([key]) => camera[key] !== undefined && camera[key] !== null).map(([key, label]) => [
          h("dt", { text: label }),
          h("dd", { text: value(key, camera[key]) }),
        ]),
        detail.lens && camera.lens_mm === undefined ? [h("dt", { text: "Lens" }), h("dd", { text: value("lens", detail.lens) })] : null,
        detail.pacing ? [h("dt", { text: "Pacing" }), h("dd", { text: value("pacing", detail.pacing) })] : null,
      ),
      (panel.dialogue || []).length
        ? h("section", {}, h("h3", { text: "Dialogue" }), (panel.dialogue || []).map((line) =>
          h("p", { class: "line" }, h("b", { text: `${line.character} ` }), line.text)))
        : null,
      (detail.keyframes || []).length
        ? h("section", {}, h("h3", { text: "Keyframes" }),
          h("div", { class: "keyframes" }, detail.keyframes.map((url, i) =>
            h("a", { href: url, target: "_blank", rel: "noopener" },
              h("img", { src: url, alt: `Keyframe ${i + 1} of shot ${panel.number}`, loading: "lazy" })))))
        : null,
      h("section", { "data-testid": "inspector-rounds" }, h("h3", { text: "Critic" }),
        (detail.rounds || []).length ? detail.rounds.map(roundEl) : h("p", { class: "muted", text: "Not judged." })),
      (detail.changes || []).length
        ? h("section", { "data-testid": "inspector-changes" }, h("h3", { text: "What the notes changed" }),
          detail.changes.map(changeEl))
        : null,
    );
  }
}

/** One note that touched the shot: {version, note, lines} (or a bare line). */
function changeEl(change) {
  if (typeof change === "string") return h("p", { text: change });
  return h("div", { class: "shot-change" },
    h("p", {}, h("span", { class: "version-number", text: `v${change.version} ` }), h("q", { text: change.note })),
    h("ul", { class: "changes" }, (change.lines || []).map((line) => h("li", { text: line }))));
}

function sceneLabel(scene) {
  return Number.isInteger(scene) ? String(scene + 1) : String(scene ?? "?");
}

function roundEl(round) {
  const scores = measured(round.scores || {});
  return h(
    "article",
    { class: `round ${round.passed ? "pass" : "fail"}`, "data-testid": "round" },
    h("header", {},
      h("b", { text: roundWords(round.round).replace(/^./, (c) => c.toUpperCase()) }),
      h("span", { class: `verdict ${round.passed ? "pass" : "fail"}`, text: round.passed ? "✓ passed" : "✕ sent back" })),
    (round.changes || []).length ? h("p", { class: "muted", text: `Changed: ${round.changes.join("; ")}` }) : null,
    (round.reasons || []).length ? h("ul", { class: "reasons" }, round.reasons.map((r) => h("li", { text: r }))) : null,
    (round.revisions || []).length
      ? h("p", { class: "small" }, h("span", { class: "muted", text: "Asked for: " }),
        round.revisions.map((r) => (typeof r === "string" ? r : r.note)).join("; "))
      : null,
    scores.length
      ? h("table", { class: "scores" }, h("tbody", {}, scores.map(([k, v]) => h("tr", {}, h("th", { text: k.replaceAll("_", " ") }), h("td", { text: v })))))
      : null,
    round.scores?.skipped && Object.keys(round.scores.skipped).length
      ? h("p", { class: "muted small", text: `Skipped: ${Object.entries(round.scores.skipped).map(([k, v]) => `${k} (${v})`).join(", ")}` })
      : null,
  );
}

/** The scores a check produced, as [name, text]: neither null nor empty. */
function measured(scores) {
  return Object.entries(scores)
    .filter(([k, v]) => k !== "skipped" && v !== null && v !== undefined && !(Array.isArray(v) && !v.length) && !(typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length))
    .map(([k, v]) => [k, value(k, v)]);
}

function value(key, v) {
  if (typeof v === "number") {
    if (key.includes("lens")) return `${v} mm`;
    return Number.isInteger(v) ? String(v) : v.toFixed(2);
  }
  if (Array.isArray(v)) return v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x).replaceAll("_", " "))).join(", ");
  if (v && typeof v === "object") return Object.entries(v).map(([k, x]) => `${k}: ${typeof x === "number" ? x.toFixed(2) : x}`).join(", ");
  return String(v).replaceAll("_", " ");
}
