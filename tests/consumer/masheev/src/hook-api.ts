// The spec's "React Hook API > useMasheev(config)" sample, verbatim, then the
// types its comments state, checked against the package's declarations (lines
// marked [added]). Type-checked only: a hook called outside a component.
import type { UserContext } from "@masheev/embed-sdk/react"; // [added]
import { useMasheev } from "@masheev/embed-sdk/react";
const {
open, // () => void
close, // () => void
toggle, // () => void
sendMessage, // (text: string) => void
updateContact, // (fields: Partial<Pick<UserContext, "name"|"email"|"phone"|"userId"|"company">>) => void
on, // (event, callback) => () => void (returns unsubscribe)
off, // (event, callback) => void
containerRef, // (node: HTMLElement | null) => void (callback ref for embedded mode)
isReady, // boolean
} = useMasheev({ inboxId: "..." });
open satisfies () => void; // [added]
close satisfies () => void; // [added]
toggle satisfies () => void; // [added]
sendMessage satisfies (text: string) => void; // [added]
updateContact satisfies (fields: Partial<Pick<UserContext, "name"|"email"|"phone"|"userId"|"company">>) => void; // [added]
on("message", (m) => { m.role satisfies "user" | "ai"; m.content satisfies string; }) satisfies () => void; // [added]
on("ready", () => {}) satisfies () => void; // [added]
off satisfies (event: "close", callback: () => void) => void; // [added]
containerRef satisfies (node: HTMLElement | null) => void; // [added]
isReady satisfies boolean; // [added]
