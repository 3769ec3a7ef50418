// The spec's "JS SDK API" examples, plus its consent-gate init() and typed on()
// examples, verbatim except for the lines marked [added] / [changed]
// (test_masheev_samples.py checks this). Each is wrapped in a function the test
// calls in order.
//
// `Masheev` is the global the script tag defines ("When loaded via script tag
// the global Masheev object exposes these methods"), typed by the package's
// embed.d.ts. The same source is bundled a second time with
// `esbuild --inject:src/js-module.ts`, which binds `Masheev` to the
// @masheev/embed-sdk/js module ("The same functions are available from
// @masheev/embed-sdk/js").
import type {} from "@masheev/embed-sdk/embed.js"; // [added]
import { DEV_FRAME } from "./dev-server.js"; // [added]
import type { Equal } from "./check.js"; // [added]

export function init(): void { // [added]
Masheev.init({
inboxId: "inbox_abc", // required
mode: "chat-widget", // "chat-widget" | "prompt-input" | "embedded"
position: "right", // "left" | "right"
baseUrl: DEV_FRAME, // [changed] was: baseUrl: "https://iframe.masheev.com",
placeholder: "Ask anything...",
agentName: "Support Bot",
agentTitle: "AI Assistant",
questions: ["How do I get started?", "Pricing?"],
privacyUrl: "https://example.com/privacy",
requireConsent: false, // true to show consent gate (regulated industries)
user: {
name: "Jane Doe",
email: "[email protected]",
phone: "+1234567890",
userId: "usr_123",
company: "Acme Inc",
customAttributes: { plan: "pro" },
},
});
} // [added]

export function openCloseToggle(): void { // [added]
Masheev.open();
Masheev.close();
Masheev.toggle();
} // [added]

export function sendMessage(): void { // [added]
Masheev.sendMessage("I need help with billing");
} // [added]

export function updateContext(): void { // [added]
Masheev.updateContext({ name: "Jane Doe", email: "[email protected]" });
} // [added]

export function updateContact(): void { // [added]
Masheev.updateContact({
name: "Jane Doe",
email: "[email protected]",
phone: "+14155551234",
company: "Acme Inc",
});
} // [added]

export function setQuestions(): void { // [added]
Masheev.setQuestions(["How does pricing work?", "Do you offer a free trial?"]);
} // [added]

/** Subscribes now; the function it returns runs the example's "later" part. */
export function onThenLater(): () => void { // [added]
const unsub = Masheev.on("message", (msg) => {
console.log(msg.role, msg.content);
});
return () => { // [added]
// later
unsub();
}; // [added]
} // [added]

export function typedOn(): void { // [added]
Masheev.on("message", (payload) => {
// payload is typed as { role: "user" | "ai"; content: string }
const exact: Equal<typeof payload, { role: "user" | "ai"; content: string }> = true; // [added]
if (exact) (window.typedPayloads ??= []).push(payload); // [added]
});
} // [added]

export function consentGate(): void { // [added]
Masheev.init({
inboxId: "inbox_abc",
requireConsent: true,
privacyUrl: "https://example.com/privacy",
baseUrl: DEV_FRAME, // [added] the example relies on the default base (https://iframe.masheev.com)
});
} // [added]
