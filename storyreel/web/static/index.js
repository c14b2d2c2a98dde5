// The start page: the films the studio serves, and a new film made live from a script.

import { api, listen, ApiError } from "./api.js";
import { $, fill, h, showError } from "./dom.js";
import { StageBoard } from "./progress.js";

const list = $("#projects");
const form = $("#new-film");
const stages = new StageBoard($("#make-stages"));
let making = null; // the id of the make job this page started
let asking = false; // a POST /api/projects is on its way
const early = []; // progress that came before that POST's answer named its job (replayed then)

async function loadProjects() {
  try {
    const projects = await api("/api/projects");
    $("#projects-empty").hidden = projects.length > 0;
    fill(list, projects.map(projectCard));
    showError($("#error"), null);
  } catch (error) {
    showError($("#error"), error);
  }
}

function projectCard(project) {
  const facts = [
    project.made ? `${project.shots} shots` : "not made yet",
    project.current_version ? `version ${project.current_version}` : null,
  ].filter(Boolean);
  return h(
    "li",
    { class: "project-card", "data-testid": "project", "data-project": project.id },
    h("a", { href: `/p/${encodeURIComponent(project.id)}`, class: "project-link" },
      h("span", { class: "project-name", text: project.name || project.id }),
      h("span", { class: "muted", text: facts.join(" · ") }),
    ),
    project.busy ? h("span", { class: "pill busy", text: "working" }) : null,
  );
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const file = data.get("script");
  const hasFile = file instanceof File && file.size > 0;
  if (!hasFile) data.delete("script");
  if (!String(data.get("script_path") || "").trim()) data.delete("script_path");
  if (!String(data.get("name") || "").trim()) data.delete("name");
  if (!hasFile && !data.has("script_path")) {
    showError($("#new-error"), new ApiError("choose a script: upload one or give its path"));
    return;
  }
  showError($("#new-error"), null);
  const button = $("[data-testid=new-submit]");
  button.disabled = true;
  asking = true;
  early.length = 0;
  try {
    const job = await api("/api/projects", { method: "POST", form: data });
    making = job.id;
    asking = false;
    stages.reset();
    for (const event of early.splice(0)) if (event.job === making) stages.update(event);
    $("#make-progress").hidden = false;
    followJob(job);
  } catch (error) {
    asking = false;
    showError($("#new-error"), error);
    button.disabled = false;
  }
});

function followJob(job) {
  if (job.id !== making) return;
  const status = $("#make-status");
  if (job.progress) stages.update(job.progress);
  if (job.state === "queued") status.textContent = `Waiting in line (position ${job.position ?? "?"})…`;
  else if (job.state === "running") status.textContent = `Making ${job.project || "the film"}: ${stages.summary()}`;
  else if (job.state === "failed") {
    status.textContent = "";
    showError($("#new-error"), job.error || "the make failed");
    $("[data-testid=new-submit]").disabled = false;
    making = null;
  } else if (job.state === "done") {
    status.textContent = "Done. Opening the film…";
    const pid = job.result?.project ?? job.project;
    window.location.assign(`/p/${encodeURIComponent(pid)}`);
  }
}

async function pollJob() {
  // The event stream is the live path; a poll covers a stream that dropped mid-make.
  if (!making) return;
  try {
    followJob(await api(`/api/jobs/${encodeURIComponent(making)}`));
  } catch {
    /* the stream will tell */
  }
}

listen(
  "/api/events",
  {
    job: (job) => {
      followJob(job);
      if (job.state === "done" || job.state === "failed" || job.state === "running") loadProjects();
    },
    progress: (event) => {
      if (asking && making === null) early.push(event); // the make's first stages can beat its POST
      if (event.job !== making) return;
      stages.update(event);
      $("#make-status").textContent = `Making the film: ${stages.summary()}`;
    },
    changed: () => loadProjects(),
    reconnected: () => {
      loadProjects();
      pollJob();
    },
  },
  (connected) => {
    const conn = $("#conn");
    conn.textContent = connected ? "live" : "reconnecting…";
    conn.classList.toggle("off", !connected);
  },
);

loadProjects();
