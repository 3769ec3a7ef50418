// The spec's "Quick Start > Headless (custom UI)" sample, verbatim except for the
// lines marked [added] (test_masheev_samples.py checks this).
import { DEV_FRAME, DEV_TURNSTILE } from "./dev-server.js"; // [added]
import { MasheevProvider, useMasheev } from "@masheev/embed-sdk/headless";
function Chat() {
const { messages, sendMessage, isLoading } = useMasheev();
return (
<div>
{messages.map((m) => (
<div key={m.id} className={m.role}>
{m.content}
{m.isLoading && <span>Typing...</span>}
</div>
))}
<input
onKeyDown={(e) => {
if (e.key === "Enter") {
sendMessage(e.currentTarget.value);
e.currentTarget.value = "";
}
}}
/>
</div>
);
}
function App() {
return (
<MasheevProvider
inboxId="your-inbox-id"
turnstileSiteKey="your-site-key"
turnstileScriptUrl={DEV_TURNSTILE} // [added] a local stand-in for Cloudflare's Turnstile script
customerInfo={{ name: "Jane", email: "[email protected]" }}
apiBase={DEV_FRAME} // [added] the sample relies on the default API base (https://api.masheev.com)
>
<Chat />
</MasheevProvider>
);
}
export { App }; // [added]
