// Live progress of a make or a note, from the `progress` events the crew sends
// (agents/crew.progress): sequential stages send `done` of `total`; per-shot stages send the
// total once when they dispatch (with the critic round as the label) and `advance: 1` per shot.

import { fill, h } from "./dom.js";

export const STAGES = [
  "writer", "storyboard", "cinematographer", "director",
  "keyframes", "draft", "critic", "refine", "editor", "film",
];
const SHOT_STAGES = new Set(["keyframes", "draft", "critic", "refine"]);
const WORDS = {
  writer: "Script",
  storyboard: "Scenes",
  cinematographer: "Cameras",
  director: "Note",
  keyframes: "Keyframes",
  draft: "Drafts",
  critic: "Critic",
  refine: "Refine",
  editor: "Edit",
  film: "Encode",
};

/** Round numbers as the crew counts them (0 = first draft), in words. */
export function roundWords(n) {
  return Number(n) === 0 ? "first draft" : `revision ${n}`;
}

export class StageBoard {
  constructor(root) {
    this.root = root;
    this.stages = new Map();
    this.root.classList.add("stages");
  }

  reset() {
    this.stages.clear();
    fill(this.root);
  }

  update(event) {
    if (!event.stage) return; // a job that has not reported yet
    const name = String(event.stage);
    let stage = this.stages.get(name);
    if (!stage) {
      stage = { done: 0, total: null, label: "", round: null, passed: 0, failed: 0, shots: new Set() };
      this.stages.set(name, stage);
    }
    const label = String(event.label || "");
    const round = /^round (\d+)$/.exec(label);
    if (SHOT_STAGES.has(name) && !event.total && !event.done && !event.advance && label && !round) {
      // one shot of a parallel stage finished, sent without counts: count the shots seen
      stage.shots.add(label);
      stage.done = stage.shots.size;
    }
    if (event.total) stage.total = event.total;
    if (event.done !== undefined && event.done !== null && (event.done || event.total)) {
      stage.done = event.done;
      if (event.done === 0) {
        stage.passed = stage.failed = 0;
        stage.shots.clear();
      }
    }
    if (event.advance) stage.done += Number(event.advance);
    if (event.passed === true) stage.passed += 1;
    if (event.passed === false) stage.failed += 1;
    if (round) stage.round = Number(round[1]);
    else if (label && !SHOT_STAGES.has(name)) stage.label = label;
    this.draw();
  }

  /** One line for a status bar: the stage furthest along and its count. */
  summary() {
    const last = [...this.stages.entries()].pop();
    return last ? `${WORDS[last[0]] || last[0]}: ${describe(last[0], last[1])}` : "starting…";
  }

  draw() {
    const ordered = [...this.stages.entries()].sort(
      ([a], [b]) => rank(a) - rank(b),
    );
    fill(
      this.root,
      ordered.map(([name, stage]) => {
        const max = stage.total || 0;
        return h(
          "div",
          { class: "stage", "data-testid": `stage-${name}`, "data-stage": name },
          h("span", { class: "stage-name", text: WORDS[name] || name }),
          h("progress", {
            max: max || 1,
            value: max ? Math.min(stage.done, max) : 0,
            "aria-label": WORDS[name] || name,
          }),
          h("span", { class: "stage-count", text: describe(name, stage) }),
        );
      }),
    );
  }
}

function rank(name) {
  const i = STAGES.indexOf(name);
  return i < 0 ? STAGES.length : i;
}

function describe(name, stage) {
  const parts = [];
  if (SHOT_STAGES.has(name) && stage.total) parts.push(`shot ${Math.min(stage.done, stage.total)} of ${stage.total}`);
  else if (stage.total) parts.push(`${Math.min(stage.done, stage.total)} of ${stage.total}`);
  if (stage.round !== null && SHOT_STAGES.has(name)) parts.push(roundWords(stage.round));
  if (name === "critic" && (stage.passed || stage.failed)) parts.push(`${stage.passed} passed, ${stage.failed} sent back`);
  if (stage.label && !SHOT_STAGES.has(name)) parts.push(stage.label);
  if (!parts.length && SHOT_STAGES.has(name) && stage.done) parts.push(`${stage.done} shot${stage.done === 1 ? "" : "s"}`);
  return parts.join(" · ") || "…";
}
