// The studio's JSON API and its event stream (see /api in storyreel/web/app.py).
// Every failure becomes an ApiError whose message is the server's one line.

export class ApiError extends Error {}

export async function api(path, { method = "GET", body, form } = {}) {
  const init = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (form) init.body = form;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError("the studio server is not answering: is `storyreel studio` still running?");
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(oneLine(data, response));
  return data;
}

function oneLine(data, response) {
  if (data && typeof data.error === "string") return data.error;
  if (data && typeof data.detail === "string") return data.detail;
  if (data && Array.isArray(data.detail)) return data.detail.map((d) => d.msg || String(d)).join("; ");
  return `${response.status} ${response.statusText || "error"}`;
}

export const projectPath = (pid) => `/api/projects/${encodeURIComponent(pid)}`;

/**
 * Listen to a server-sent event stream. `handlers` maps event types (job, progress, changed) to
 * functions of the parsed data; `onState(connected)` hears the connection come and go. The browser
 * reconnects by itself; after a reconnect `handlers.reconnected` runs, since events sent while
 * the stream was down are gone and the page must refetch.
 */
export function listen(url, handlers, onState = () => {}) {
  const source = new EventSource(url, { withCredentials: true });
  let dropped = false;
  for (const [type, handle] of Object.entries(handlers)) {
    if (type === "reconnected") continue;
    source.addEventListener(type, (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      handle(data);
    });
  }
  source.addEventListener("open", () => {
    onState(true);
    if (dropped && handlers.reconnected) handlers.reconnected();
    dropped = false;
  });
  source.addEventListener("error", () => {
    dropped = true;
    onState(false);
  });
  return () => source.close();
}
