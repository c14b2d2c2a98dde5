// Versions of the film: the make, then one per applied note. Undo, checkout of any version,
// and the diff of two versions (plan and bible changes, shot by shot) in a dialog.

import { api, projectPath } from "./api.js";
import { $, fill, h } from "./dom.js";

const KIND_WORDS = { added: "added", removed: "removed", moved: "moved", changed: "changed", bible: "bible" };

export class Versions {
  constructor(root, { pid, onError, onJob }) {
    this.pid = pid;
    this.onError = onError;
    this.onJob = onJob; // a job started here (undo, checkout): the page follows it
    this.list = $("[data-testid=version-list]", root);
    this.undoButton = $("[data-testid=undo]", root);
    this.oldSelect = $("[data-testid=diff-old]", root);
    this.newSelect = $("[data-testid=diff-new]", root);
    this.dialog = document.getElementById("diff-dialog");
    this.current = null;
    this.versions = [];
    this.undoButton.addEventListener("click", () => this.post("undo"));
    $("[data-testid=diff-open]", root).addEventListener("click", () => this.diff(Number(this.oldSelect.value), Number(this.newSelect.value)));
    $("[data-testid=diff-close]", this.dialog).addEventListener("click", () => this.dialog.close());
  }

  async load() {
    try {
      const data = await api(`${projectPath(this.pid)}/versions`);
      this.current = data.current;
      this.versions = data.versions || [];
      this.draw();
      this.onLoad?.(this.versions);
    } catch (error) {
      this.onError(error);
    }
  }

  draw() {
    const byNumber = new Map(this.versions.map((v) => [v.number, v]));
    const current = byNumber.get(this.current);
    this.undoButton.disabled = !current || current.parent === null || current.parent === undefined;
    this.undoButton.title = this.undoButton.disabled ? "Nothing to undo: this is a make" : `Back to version ${current.parent}`;
    this.undoButton.textContent = this.undoButton.disabled ? "Undo" : `Undo (back to v${current.parent})`;
    fill(
      this.list,
      [...this.versions].reverse().map((v) => {
        const isCurrent = v.number === this.current;
        const changed = (v.changed_shots || []).length;
        return h(
          "li",
          { class: `version${isCurrent ? " current" : ""}`, "data-testid": "version", "data-version": v.number, "aria-current": isCurrent ? "true" : null },
          h("div", { class: "version-line" },
            h("span", { class: "version-number", text: `v${v.number}` }),
            h("span", { class: "version-note", text: v.note || "the make" }),
            isCurrent ? h("span", { class: "pill accent", text: "showing" }) : null),
          h("div", { class: "version-meta muted small" },
            [v.parent ? `from v${v.parent}` : null, v.note ? `${changed} shot${changed === 1 ? "" : "s"} changed` : null, when(v.created)].filter(Boolean).join(" · "),
            isCurrent ? null : h("button", { type: "button", class: "link", "data-testid": "checkout", onclick: () => this.post("checkout", { version: v.number }) }, "show this version"),
            v.parent ? h("button", { type: "button", class: "link", onclick: () => this.diff(v.parent, v.number) }, "what changed") : null),
        );
      }),
    );
    const options = (selected) => this.versions.map((v) => h("option", { value: v.number, selected: v.number === selected }, `v${v.number}${v.note ? ` · ${v.note.slice(0, 40)}` : " · make"}`));
    const latest = this.current ?? this.versions.at(-1)?.number;
    const parent = byNumber.get(latest)?.parent ?? this.versions[0]?.number;
    fill(this.oldSelect, options(parent));
    fill(this.newSelect, options(latest));
  }

  async post(action, body) {
    try {
      const job = await api(`${projectPath(this.pid)}/${action}`, { method: "POST", body: body ?? {} });
      this.onJob(job, action);
    } catch (error) {
      this.onError(error);
    }
  }

  async diff(oldV, newV) {
    try {
      const answer = await api(`${projectPath(this.pid)}/diff?old=${encodeURIComponent(oldV)}&new=${encodeURIComponent(newV)}`);
      const changes = Array.isArray(answer) ? answer : answer.changes || [];
      fill($("[data-testid=diff-title]", this.dialog), `From v${oldV} to v${newV}`);
      fill($("[data-testid=diff-body]", this.dialog), diffView(changes));
      if (!this.dialog.open) this.dialog.showModal();
    } catch (error) {
      this.onError(error);
    }
  }
}

/** Changes grouped by what they are about: each shot (by number), then the bible. */
function diffView(changes) {
  if (!changes.length) return h("p", { class: "muted", text: "No differences in the plan or the bible." });
  const groups = new Map();
  for (const change of changes) {
    const key = change.kind === "bible" ? `bible:${change.subject}` : change.subject;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(change);
  }
  return h("div", { class: "diff" }, [...groups.values()].map((group) => {
    const first = group[0];
    const title = first.kind === "bible"
      ? first.subject
      : `Shot ${first.number ?? first.old_number ?? "?"}${first.old_number && first.number && first.old_number !== first.number ? ` (was ${first.old_number})` : ""} · ${first.subject}`;
    return h("section", { class: "diff-group", "data-testid": "diff-group" },
      h("h4", { text: title }),
      h("table", { class: "diff-table" }, h("tbody", {}, group.map((c) =>
        h("tr", { class: `kind-${c.kind}` },
          h("td", { class: "diff-kind", text: KIND_WORDS[c.kind] || c.kind }),
          h("td", { class: "diff-field", text: c.field ? c.field.replaceAll("_", " ") : "" }),
          h("td", { class: "diff-before", text: show(c.before) }),
          h("td", { class: "diff-arrow", text: c.before !== null || c.after !== null ? "→" : "" }),
          h("td", { class: "diff-after", text: show(c.after) }))))));
  }));
}

function show(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.length > 160 ? `${value.slice(0, 157)}…` : value;
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function when(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
}
