// Harness, not a spec sample: exposes the JS examples (and the SDK they use) to
// the test as window.examples / window.sdk.
import type {} from "@masheev/embed-sdk/embed.js";
import * as examples from "./js-api.js";

declare global {
  interface Window {
    examples: typeof examples;
    sdk: typeof Masheev;
    sdkEvents: { name: string; payload: unknown }[];
  }
}
window.examples = examples;
window.sdk = Masheev;
window.sdkEvents = [];
