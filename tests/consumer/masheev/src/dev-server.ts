// Harness, not a spec sample: where the private dev server is. The test opens
// every page with ?frame=<frame origin>; the frame origin serves the chat frame
// ({frame origin}/widget/{inboxId}) and the API (the headless client's apiBase).
const query = new URLSearchParams(typeof location === "undefined" ? "" : location.search);

/** The dev server's frame + API origin (e.g. http://127.0.0.1:41234). */
export const DEV_FRAME: string = query.get("frame") ?? "";

/** The local stand-in for Cloudflare's Turnstile script (tests/consumer/masheev/turnstile.js). */
export const DEV_TURNSTILE: string = typeof location === "undefined" ? "" : location.origin + "/t/turnstile.js";
