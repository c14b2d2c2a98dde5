// The project page: player and timeline, storyboard, inspector, chat and versions on one
// screen, kept in step by the project's event stream. Every tab refetches on `changed`, so two
// tabs on one project show the same film.

import { api, listen, projectPath } from "./api.js";
import { Board } from "./board.js";
import { Chat } from "./chat.js";
import { $, clock, fill, h, showError } from "./dom.js";
import { Inspector } from "./inspector.js";
import { Player } from "./player.js";
import { StageBoard } from "./progress.js";
import { Versions } from "./versions.js";

// A note sends only the shots it changed through keyframes and draft; refine then passes over
// every shot (the unchanged ones are cache hits), so it does not mark panels.
const RENDER_STAGES = new Set(["keyframes", "draft"]);

/** The project id: /p/<id>, or ?p=<id> on /static/project.html. */
function projectId() {
  const match = /^\/p\/([^/]+)\/?$/.exec(window.location.pathname);
  if (match) return decodeURIComponent(match[1]);
  return new URLSearchParams(window.location.search).get("p");
}

const pid = projectId();
const errorBanner = $("#error");
const fail = (error) => {
  showError(errorBanner, error);
  if (error) console.warn(String(error.message || error));
};
errorBanner.addEventListener("click", () => showError(errorBanner, null));
errorBanner.title = "Click to dismiss";

let view = null;
const ownJobs = new Map(); // undo / checkout jobs started in this tab -> action
const busyStages = new StageBoard(h("div"));
let runningJob = null;
let startsFrame = 0;

const board = new Board($("#board"), {
  pid,
  onPick: (panel) => pick(panel),
  onError: fail,
  onPanels: () => {
    // without shot_starts the markers come from the pages fetched: redraw them once a frame
    if (!view || view.shot_starts || startsFrame) return;
    startsFrame = requestAnimationFrame(() => {
      startsFrame = 0;
      player.setStarts(board.knownStarts().map((t) => t ?? Infinity));
    });
  },
});
const player = new Player($("#film"), $("#timeline"), (index) => {
  const stepping = document.activeElement === $("#timeline"); // the director walks the timeline
  board.setCurrent(index, { scroll: !$("#film").paused, force: stepping });
  nowPlaying(index);
});
const inspector = new Inspector($("#inspector"), { pid, onError: fail, onClose: () => select(null) });
const chat = new Chat($("#chat"), { pid, onError: fail });
chat.onClearShot = () => select(null);
const versions = new Versions($("#versions"), {
  pid,
  onError: fail,
  onJob: (job, action) => {
    ownJobs.set(job.id, action);
    busy(job);
  },
});

versions.onLoad = (list) => chat.recall(list);

// Keys for hands on the keyboard: "/" to write a note, Escape to let go of the shot,
// k or space to play and pause (when not typing).
document.addEventListener("keydown", (event) => {
  const typing = event.target.closest?.("input, textarea, select, button, [role=button], video");
  if (event.key === "/" && !typing) {
    event.preventDefault();
    $("[data-testid=chat-input]").focus();
  } else if (event.key === "Escape" && !$("#diff-dialog").open && !event.target.closest?.("input, textarea, select")) {
    select(null);
  } else if ((event.key === "k" || event.key === " ") && !typing && !event.target.closest?.("[role=slider]")) {
    event.preventDefault();
    player.toggle();
  }
});

function pick(panel) {
  player.seek((panel.start_s ?? 0) + 0.02);
  select(panel);
  inspector.show(panel.id);
}

function select(panel) {
  board.select(panel ? panel.id : null);
  chat.setShot(panel ? { id: panel.id, number: panel.number } : null);
  if (!panel) inspector.empty();
}

function nowPlaying(index) {
  const panel = board.panels[index];
  const scene = view?.scenes?.findLast?.((s) => (s.first_shot_index ?? 0) <= index);
  fill($("#now"),
    h("b", { text: `Shot ${index + 1}` }),
    panel ? ` · ${panel.camera_words}` : "",
    scene ? ` · scene ${scene.number}: ${scene.heading || ""}` : "",
    ` · ${clock(player.video.currentTime)}`);
}

async function loadView() {
  try {
    view = await api(projectPath(pid));
  } catch (error) {
    fail(error);
    return;
  }
  document.title = `${view.name} · storyreel studio`;
  $("#title").textContent = view.name;
  $("#version-badge").textContent = view.current_version ? `v${view.current_version}` : "not made";
  $("#board-count").textContent = `${view.shots_total} shots · ${clock(view.duration_s)}`;
  const scenes = view.scenes || [];
  board.setCut(scenes, view.shots_total);
  player.load({
    src: view.film_url,
    duration: view.duration_s,
    starts: view.shot_starts || board.knownStarts().map((t) => t ?? Infinity),
    scenes,
  });
  if (!view.shot_starts) setTimeout(fillStarts, 600); // after the first panels, not before them
  const jump = $("#scene-jump");
  const chosen = jump.value;
  fill(jump, scenes.map((s) => h("option", { value: s.first_shot_index ?? 0 }, `${s.number}. ${s.heading || ""}`)));
  if (chosen) jump.value = chosen;
  if (view.job) busy(view.job);
}

/** A server without `shot_starts`: fetch every page (in order, one at a time) for the markers. */
let filling = false;
async function fillStarts() {
  if (filling) return;
  filling = true;
  try {
    for (let page = 0; page * 100 < view.shots_total; page++) await board.fetchPage(page);
  } finally {
    filling = false;
  }
}

$("#scene-jump").addEventListener("change", (event) => {
  const index = Number(event.target.value);
  board.userScrolled = 0;
  board.reveal(index);
  board.panelAt(index).then((panel) => panel && player.seek(panel.start_s + 0.02));
});

for (const link of document.querySelectorAll(".exports a")) {
  link.href = `${projectPath(pid)}/export/${link.dataset.kind}`;
}

// -- jobs and progress --------------------------------------------------------------------
function busy(job) {
  const line = $("#busy");
  if (job.state === "queued" || job.state === "running") {
    if (runningJob !== job.id) busyStages.reset();
    runningJob = job.id;
    if (job.progress) busyStages.update(job.progress);
    line.hidden = false;
    line.textContent = job.state === "queued" ? `${job.kind} queued (position ${job.position ?? "?"})` : `${job.kind}: ${busyStages.summary()}`;
  } else if (job.id === runningJob || !runningJob) {
    line.hidden = true;
    runningJob = null;
  }
  if (job.state === "failed" && ownJobs.has(job.id)) fail(job.error || `${ownJobs.get(job.id)} failed`);
  if (job.state === "done" || job.state === "failed") ownJobs.delete(job.id);
}

let refreshing = null;
async function refresh() {
  // one refetch at a time; a `changed` during one queues exactly one more
  if (refreshing) {
    refreshing.again = true;
    return;
  }
  refreshing = { again: false };
  board.invalidate();
  await Promise.all([loadView(), versions.load()]);
  board.clearRendering();
  inspector.refresh();
  const again = refreshing.again;
  refreshing = null;
  if (again) refresh();
}

listen(
  `${projectPath(pid)}/events`,
  {
    job: (job) => {
      if (job.project && job.project !== pid) return;
      chat.job(job);
      busy(job);
    },
    progress: (event) => {
      if (event.project && event.project !== pid) return;
      chat.progress(event);
      if (event.job === runningJob || !runningJob) {
        busyStages.update(event);
        $("#busy").hidden = false;
        $("#busy").textContent = busyStages.summary();
      }
      if (RENDER_STAGES.has(event.stage) && event.label && !/^round /.test(event.label)) board.markRendering(String(event.label), true);
    },
    changed: (event) => {
      if (event.project && event.project !== pid) return;
      if (!chat.ownVersions.has(event.version)) chat.say("system", `Now showing version ${event.version}.`);
      refresh();
    },
    reconnected: () => refresh(),
  },
  (connected) => {
    const conn = $("#conn");
    conn.textContent = connected ? "● live" : "reconnecting…";
    conn.classList.toggle("off", !connected);
  },
);

if (!pid) fail("no project in this address: open one from the start page");
else {
  loadView();
  versions.load();
}
