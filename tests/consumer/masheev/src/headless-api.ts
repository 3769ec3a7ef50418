// The spec's "useMasheev() (headless)" sample and its Message / WidgetSession
// interfaces, verbatim, then the types its comments state, checked against the
// package's declarations (lines marked [added]). Type-checked only: a hook
// called outside a component.
import { useWidgetChat, useWidgetSession, useWidgetSocket } from "@masheev/embed-sdk/headless"; // [added]
import type { Equal } from "./check.js"; // [added]
import { useMasheev } from "@masheev/embed-sdk/headless"; // [added] the sample names no import
const {
// Session
session, // WidgetSession | null
isConnected, // boolean
connectionStatus, // "connecting" | "connected" | "disconnected" | "error" | "gave_up"
error, // string | null
// Messages
messages, // Message[]
sendMessage, // (content: string) => Promise<void>
isLoading, // boolean
// UI state
isOpen, // boolean
setOpen, // (open: boolean) => void
// Manual session creation
createSession, // () => Promise<WidgetSession | null>
} = useMasheev();

interface Message {
id: string;
role: "user" | "ai";
content: string;
timestamp: Date;
isLoading?: boolean; // true while the AI is streaming
}

interface WidgetSession {
sessionToken: string;
conversationId: string;
greeting: string;
}

// Known divergences from the spec's interfaces (reported, not bugs of behaviour):
// the spec's REST section says `greeting` is null for resumed sessions, which the
// package's type says and the spec's WidgetSession interface does not.
type Resumable = Omit<WidgetSession, "greeting"> & { greeting: string | null }; // [added]
// @ts-expect-error DIVERGENCE: greeting is string | null in the package // [added]
session satisfies WidgetSession | null; // [added]
session satisfies Resumable | null; // [added]
isConnected satisfies boolean; // [added]
const status: Equal<typeof connectionStatus, "connecting" | "connected" | "disconnected" | "error" | "gave_up"> = true; // [added]
error satisfies string | null; // [added]
messages satisfies Message[]; // [added]
messages satisfies readonly Message[]; // [added]
const message: Message | undefined = messages[0]; // [added]
sendMessage satisfies (content: string) => Promise<void>; // [added]
isLoading satisfies boolean; // [added]
isOpen satisfies boolean; // [added]
setOpen satisfies (open: boolean) => void; // [added]
createSession satisfies () => Promise<Resumable | null>; // [added]
const spec: Message = { id: "m1", role: "ai", content: "hi", timestamp: new Date(), isLoading: true }; // [added]
const fromSpec: (typeof messages)[number] = spec; // [added]
// The lower-level hooks' table: // [added]
const { messages: m2, sendMessage: s2, isLoading: l2, error: e2 } = useWidgetChat(); // [added]
const { session: s3, error: e3, isLoading: l3, createSession: c3 } = useWidgetSession(); // [added]
const { status: socketStatus } = useWidgetSocket(); // [added]
export const used = [status, message, fromSpec, m2, s2, l2, e2, s3, e3, l3, c3, socketStatus]; // [added]
