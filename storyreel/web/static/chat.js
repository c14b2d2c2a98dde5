// The chat with the director: a note goes to POST /notes (with the selected panel as shot_id,
// which "this shot" means), its job's progress streams into the reply bubble, and the reply shows
// how the note was read and what changed; a question shows its choices as buttons. A choice is
// the note that answers the question (NoteResult.choices: the director makes them), sent as it is.

import { api, projectPath } from "./api.js";
import { $, fill, h } from "./dom.js";
import { StageBoard } from "./progress.js";

const STATE_ORDER = { queued: 0, running: 1, done: 2, failed: 2 };

export class Chat {
  constructor(root, { pid, onError }) {
    this.pid = pid;
    this.onError = onError;
    this.log = $("[data-testid=chat-log]", root);
    this.form = $("form", root);
    this.input = $("[data-testid=chat-input]", root);
    this.send = $("[data-testid=chat-send]", root);
    this.chip = $("[data-testid=this-shot]", root);
    this.jobs = new Map(); // job id -> {bubble, stages, note, shotId}
    this.seen = new Map(); // job id -> its latest JobInfo from the stream (it may beat the POST's answer)
    this.ownVersions = new Set(); // versions this tab's notes made
    this.early = new Map(); // job id -> progress events that came before its POST's answer
    this.shot = null; // {id, number}
    this.onClearShot = () => {};
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit(this.input.value);
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit(this.input.value);
      }
    });
    this.setShot(null);
    this.say("director", h("p", {}, "Tell me what to change: ",
      h("em", { text: "“shots 3-5 tighter, from below”" }), ", ",
      h("em", { text: "“this shot 2 seconds longer”" }), ", ",
      h("em", { text: "“dissolve into scene 2”" }), "."));
  }

  /** The last notes of the film's history, so a reopened page carries on the conversation. */
  recall(versions, count = 5) {
    if (this.recalled) return;
    this.recalled = true;
    const notes = versions.filter((v) => v.note).slice(-count);
    if (!notes.length) return;
    const earlier = versions.filter((v) => v.note).length - notes.length;
    if (earlier > 0) this.say("system", `${earlier} earlier note${earlier === 1 ? "" : "s"} in Versions.`);
    for (const v of notes) {
      const changed = (v.changed_shots || []).length;
      this.say("you", h("p", { text: v.note })).classList.add("past");
      this.say("director", h("p", { class: "muted small", text: `Version ${v.number}: ${changed} shot${changed === 1 ? "" : "s"} changed.` })).classList.add("past");
    }
  }

  /** The selected panel: what "this shot" means in the next note. */
  setShot(shot) {
    this.shot = shot;
    if (!shot) {
      fill(this.chip, h("span", { class: "muted", text: "No shot selected: a note names its shots (“shot 4”)." }));
      return;
    }
    fill(this.chip,
      h("span", { class: "pill accent", "data-testid": "this-shot-label", text: `this shot = shot ${shot.number}` }),
      h("button", { type: "button", class: "icon small", "aria-label": "Forget the selected shot", onclick: () => this.onClearShot() }, "✕"));
  }

  say(who, ...content) {
    const bubble = h("div", { class: `msg ${who}`, "data-testid": `msg-${who}` }, ...content);
    this.log.append(bubble);
    this.log.scrollTop = this.log.scrollHeight;
    return bubble;
  }

  async submit(text, shotId = this.shot?.id ?? null) {
    const note = String(text || "").trim();
    if (!note) return;
    this.say("you", h("p", { text: note }), shotId && this.shot?.id === shotId ? h("span", { class: "muted small", text: `about shot ${this.shot.number}` }) : null);
    this.input.value = "";
    const bubble = this.say("director", h("p", { class: "muted", text: "Sending…" }));
    bubble.setAttribute("aria-busy", "true");
    try {
      const job = await api(`${projectPath(this.pid)}/notes`, { method: "POST", body: { note, shot_id: shotId } });
      const stagesEl = h("div");
      const stages = new StageBoard(stagesEl);
      this.jobs.set(job.id, { bubble, stages, stagesEl, note, shotId });
      for (const event of this.early.get(job.id) || []) stages.update(event);
      this.early.delete(job.id);
      const streamed = this.seen.get(job.id);
      this.job(streamed && STATE_ORDER[streamed.state] > STATE_ORDER[job.state] ? streamed : job);
    } catch (error) {
      bubble.removeAttribute("aria-busy");
      fill(bubble, h("p", { class: "error-line", "data-testid": "chat-error", text: String(error.message || error) }));
    }
  }

  /** A `job` event (or the POST's answer) for one of this tab's notes. */
  job(job) {
    const mine = this.jobs.get(job.id);
    if (!mine) {
      this.seen.set(job.id, job);
      if (this.seen.size > 64) this.seen.delete(this.seen.keys().next().value);
      return false;
    }
    const { bubble, stages, stagesEl } = mine;
    if (job.progress) stages.update(job.progress);
    if (job.state === "queued") {
      fill(bubble, h("p", { class: "muted", text: `Queued behind another change (position ${job.position ?? "?"}).` }));
    } else if (job.state === "running") {
      if (!bubble.contains(stagesEl)) fill(bubble, h("p", { class: "muted", text: "Working on it…" }), stagesEl);
    } else if (job.state === "failed") {
      bubble.removeAttribute("aria-busy");
      fill(bubble, h("p", { class: "error-line", "data-testid": "chat-error", text: job.error || "the note failed" }));
      this.jobs.delete(job.id);
    } else if (job.state === "done") {
      bubble.removeAttribute("aria-busy");
      if (job.result?.status === "applied") this.ownVersions.add(job.result.version);
      fill(bubble, this.reply(job.result || {}, mine));
      this.jobs.delete(job.id);
      this.log.scrollTop = this.log.scrollHeight;
    }
    return true;
  }

  progress(event) {
    const mine = this.jobs.get(event.job);
    if (mine) return mine.stages.update(event);
    // a job of ours whose POST has not answered yet (or another tab's): keep its first events
    const early = this.early.get(event.job) || [];
    if (early.length < 64) early.push(event);
    this.early.set(event.job, early);
    if (this.early.size > 16) this.early.delete(this.early.keys().next().value);
  }

  reply(result, mine) {
    const out = [];
    if (result.status === "question") {
      const choices = result.choices || [];
      out.push(h("p", { class: "question", "data-testid": "chat-question", text: result.question || result.reply }));
      if (choices.length) {
        out.push(h("div", { class: "choices", role: "group", "aria-label": "Answers" }, choices.map((choice) =>
          h("button", { type: "button", class: "choice", "data-testid": "chat-choice", onclick: () => this.submit(choice, mine.shotId) }, choice))));
      }
      return out;
    }
    if (result.reading) out.push(h("p", { class: "reading", "data-testid": "chat-reading" }, h("span", { class: "muted", text: "Read as: " }), result.reading));
    if ((result.changes || []).length) out.push(h("ul", { class: "changes", "data-testid": "chat-changes" }, result.changes.map((line) => h("li", { text: line }))));
    if (result.status === "unchanged") out.push(h("p", { text: "The film already is that way: nothing changed." }));
    for (const note of result.notes || []) out.push(h("p", { class: "muted", text: note }));
    if (result.status === "applied") {
      const drawn = (result.rerendered_shots || []).length;
      out.push(h("p", { class: "muted small", text: `Version ${result.version}: ${drawn} shot${drawn === 1 ? "" : "s"} drawn again in ${Number(result.seconds || 0).toFixed(1)} s.` }));
    }
    if (!out.length) out.push(h("p", { text: result.reply || "Done." }));
    return out;
  }
}
