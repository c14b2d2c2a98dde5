// The film player and the timeline strip under it: one marker per shot, scenes shaded, a
// playhead. The shot under the playhead is found by bisecting the shots' start times, so a
// 2,000-shot feature costs the same per frame as a 40-shot short.

import { clock, h } from "./dom.js";

/** Index of the last start <= t (0 when t is before the first). */
export function shotAt(starts, t) {
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= t + 1e-3) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class Player {
  /**
   * @param {HTMLVideoElement} video
   * @param {HTMLElement} strip the timeline element
   * @param {(index: number) => void} onShot called when the playhead enters another shot
   */
  constructor(video, strip, onShot) {
    this.video = video;
    this.strip = strip;
    this.onShot = onShot;
    this.starts = [];
    this.scenes = [];
    this.duration = 0;
    this.current = -1;
    this.src = null;
    this.markers = h("div", { class: "markers", "aria-hidden": "true" });
    this.scenesLayer = h("div", { class: "scene-bands", "aria-hidden": "true" });
    this.playhead = h("div", { class: "playhead", "aria-hidden": "true" });
    this.hover = h("div", { class: "timeline-hover", hidden: true });
    strip.replaceChildren(this.scenesLayer, this.markers, this.playhead, this.hover);
    this.bind();
  }

  bind() {
    const tick = () => {
      this.follow();
      if (!this.video.paused) this.frame = requestAnimationFrame(tick);
    };
    this.video.addEventListener("play", () => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(tick);
    });
    for (const type of ["timeupdate", "seeked", "loadedmetadata"]) {
      this.video.addEventListener(type, () => this.follow());
    }
    this.video.addEventListener("durationchange", () => {
      if (Number.isFinite(this.video.duration) && this.video.duration > 0 && !this.duration) {
        this.duration = this.video.duration;
        this.drawMarkers();
      }
    });
    let dragging = false;
    const seekTo = (event) => {
      const box = this.strip.getBoundingClientRect();
      const share = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
      this.seek(share * this.length());
    };
    this.strip.addEventListener("pointerdown", (event) => {
      dragging = true;
      this.strip.setPointerCapture(event.pointerId);
      seekTo(event);
    });
    this.strip.addEventListener("pointermove", (event) => {
      if (dragging) seekTo(event);
      this.showHover(event);
    });
    this.strip.addEventListener("pointerup", () => (dragging = false));
    this.strip.addEventListener("pointerleave", () => (this.hover.hidden = true));
    this.strip.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) this.seekShot(Math.max(0, this.current + step));
      else if (event.key === "Home") this.seekShot(0);
      else if (event.key === "End") this.seekShot(this.starts.length - 1);
      else if (event.key === " " || event.key === "k") this.toggle();
      else return;
      event.preventDefault();
    });
  }

  length() {
    return this.duration || this.video.duration || 0;
  }

  toggle() {
    if (this.video.paused) this.video.play().catch(() => {});
    else this.video.pause();
  }

  /** A new cut: the film's url (cache-busted by its version), duration, shot starts, scenes. */
  load({ src, duration, starts, scenes }) {
    this.duration = duration || 0;
    this.scenes = scenes || [];
    this.setStarts(starts || []);
    if (src && src !== this.src) {
      const first = this.src === null;
      const at = this.video.currentTime;
      const playing = !this.video.paused && !this.video.ended;
      this.src = src;
      this.video.src = src;
      if (!first) {
        // The new cut keeps the director's place in the film and carries on playing if it was.
        this.video.addEventListener(
          "loadedmetadata",
          () => {
            this.video.currentTime = Math.min(at, Math.max(0, this.video.duration - 0.05));
            if (playing) this.video.play().catch(() => {});
          },
          { once: true },
        );
      }
      this.video.load();
    }
  }

  setStarts(starts) {
    this.starts = starts;
    this.current = -1;
    this.drawMarkers();
    this.follow();
  }

  drawMarkers() {
    const total = this.length();
    if (!total) return;
    const pct = (t) => `${Math.min(100, (100 * t) / total)}%`;
    this.markers.replaceChildren(
      ...this.starts.map((start, i) =>
        h("div", {
          class: "marker",
          style: Number.isFinite(start) ? `left:${pct(start)}` : "display:none",
          "data-index": i,
          "data-testid": "marker",
        }),
      ),
    );
    this.scenesLayer.replaceChildren(
      ...this.scenes.map((scene, i) => {
        const first = scene.first_shot_index ?? 0;
        const next = this.scenes[i + 1];
        const start = this.starts[first] ?? 0;
        const end = next ? (this.starts[next.first_shot_index] ?? total) : total;
        return h("div", {
          class: `scene-band ${i % 2 ? "odd" : "even"}`,
          style: `left:${pct(start)};width:${pct(Math.max(0, end - start))}`,
          title: `Scene ${scene.number}: ${scene.heading || ""}`,
        });
      }),
    );
    this.strip.setAttribute("aria-valuemin", "0");
    this.strip.setAttribute("aria-valuemax", String(Math.round(total)));
  }

  showHover(event) {
    if (!this.starts.length) return;
    const box = this.strip.getBoundingClientRect();
    const t = ((event.clientX - box.left) / box.width) * this.length();
    const index = shotAt(this.starts, t);
    this.hover.hidden = false;
    this.hover.textContent = `shot ${index + 1} · ${clock(t)}`;
    this.hover.style.left = `${Math.min(box.width - 90, Math.max(0, event.clientX - box.left - 40))}px`;
  }

  /** Move the playhead and tell the page which shot it is in. */
  follow() {
    const t = this.video.currentTime || 0;
    const total = this.length();
    if (total) this.playhead.style.left = `${Math.min(100, (100 * t) / total)}%`;
    this.strip.setAttribute("aria-valuenow", String(Math.round(t)));
    this.strip.setAttribute("aria-valuetext", `${clock(t)}${this.current >= 0 ? `, shot ${this.current + 1}` : ""}`);
    const index = shotAt(this.starts, t);
    if (index !== this.current) {
      const old = this.markers.children[this.current];
      if (old) old.classList.remove("current");
      this.current = index;
      const now = this.markers.children[index];
      if (now) now.classList.add("current");
      if (index >= 0) this.onShot(index);
    }
  }

  seek(t) {
    if (!Number.isFinite(t)) return; // a shot whose start is not known yet
    this.video.currentTime = Math.max(0, t);
    this.follow();
  }

  /** Seek to the start of shot `index` (a hair inside it, so the frame shown is that shot's). */
  seekShot(index) {
    if (index < 0 || index >= this.starts.length) return;
    this.seek(this.starts[index] + 0.02);
  }
}
