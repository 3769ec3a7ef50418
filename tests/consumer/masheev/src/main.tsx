// Harness, not a spec sample: the throwaway app's page script. Served at
// /t/react<N>.html?frame=<frame origin>&sample=<name>; mounts that sample's App
// in StrictMode (what `npm create vite` apps do) and exposes a little to the test.
import { StrictMode, version, type ComponentType } from "react";
import { createRoot } from "react-dom/client";
import { App as ReactIframeApp } from "./react-iframe.js";
import { App as HeadlessApp } from "./headless.js";
import { ProfilePage } from "./profile-page.js";
import { constants } from "./constants.js";

declare global {
  interface Window {
    constants: typeof constants;
    reactVersion: string;
    unmount: () => void;
  }
}

const SAMPLES: Record<string, ComponentType> = {
  "react-iframe": ReactIframeApp,
  headless: HeadlessApp,
  "profile-page": ProfilePage,
};
const name = new URLSearchParams(location.search).get("sample") ?? "";
const Sample = SAMPLES[name];
if (Sample === undefined) throw new Error("unknown sample: " + name);
window.constants = constants;
window.reactVersion = version;
const root = createRoot(document.getElementById("root")!);
root.render(<StrictMode><Sample /></StrictMode>);
window.unmount = () => root.unmount();
