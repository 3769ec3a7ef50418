// Harness, not a spec sample: type-level helpers and what the pages record for the test.
/** true only when A and B are the same type (not merely assignable). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

declare global {
  interface Window {
    /** Payloads the spec's typed on("message") example received. */
    typedPayloads: { role: "user" | "ai"; content: string }[];
    /** FormData entries saveProfile() was given. */
    savedProfiles: Record<string, string>[];
  }
}
export {};
