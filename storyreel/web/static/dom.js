// Building DOM without innerHTML: every string from the server (notes, dialogue, names) becomes
// a text node, so nothing a script or a note says is ever parsed as markup.

/** h("div", {class: "x", "data-testid": "y", onclick: fn}, child, [more], "text") */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key in el && !key.includes("-") && key !== "list") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** 83.4 -> "1:23.4"; 9613.4 -> "2:40:13.4". */
export function clock(seconds) {
  if (!Number.isFinite(seconds)) return "–";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds - h * 3600) / 60);
  const s = (seconds - h * 3600 - m * 60).toFixed(1).padStart(4, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export const secs = (s) => (Number.isFinite(s) ? `${s.toFixed(1)} s` : "–");

/** A small status line under a form or in a pane: the server's one-line message. */
export function showError(el, error) {
  el.hidden = !error;
  el.textContent = error ? String(error.message || error) : "";
}
