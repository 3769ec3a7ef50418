// The spec's "Quick Start > React (iframe)" sample, verbatim except for the lines
// marked [added] / [changed] (test_masheev_samples.py checks this).
import { useEffect } from "react"; // [added] the sample calls useEffect without importing it
import { DEV_FRAME } from "./dev-server.js"; // [added]
import { useMasheev } from "@masheev/embed-sdk/react";
function App() {
const { open, isReady, on } = useMasheev({
inboxId: "your-inbox-id",
mode: "chat-widget",
position: "right",
agentName: "Support",
baseUrl: DEV_FRAME, // [added] the sample relies on the default base (https://iframe.masheev.com)
});
useEffect(() => {
const unsub = on("message", ({ role, content }) => {
console.log(role, content);
});
return unsub;
}, [on]);
return (
<button onClick={open} disabled={!isReady}>
Chat with us
</button>
);
}
export { App }; // [added]
