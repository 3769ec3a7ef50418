// Harness, not a spec sample: what the spec's types forbid. tsc must report an
// error on the line after every `@ts-expect-error` (an unused one is an error too).
import * as Masheev from "@masheev/embed-sdk/js";
import { useMasheev } from "@masheev/embed-sdk/react";
import { MasheevProvider, useMasheev as useHeadless } from "@masheev/embed-sdk/headless";

export function misuse(): unknown[] {
  // @ts-expect-error inboxId is required
  Masheev.init({ mode: "chat-widget" });
  // @ts-expect-error mode is "chat-widget" | "prompt-input" | "embedded"
  Masheev.init({ inboxId: "inbox_abc", mode: "popup" });
  // @ts-expect-error position is "left" | "right"
  Masheev.init({ inboxId: "inbox_abc", position: "top" });
  // @ts-expect-error questions is string[]
  Masheev.init({ inboxId: "inbox_abc", questions: "Pricing?" });
  // @ts-expect-error customAttributes values are string | number | boolean
  Masheev.init({ inboxId: "inbox_abc", user: { customAttributes: { nested: { a: 1 } } } });
  // @ts-expect-error an unknown event
  Masheev.on("mesage", () => {});
  Masheev.on("message", (msg) => {
    // @ts-expect-error role is "user" | "ai"
    const bot: "bot" = msg.role;
    return bot;
  });
  Masheev.on("error", (e) => {
    // @ts-expect-error the error payload has message and code only
    return e.stack;
  });
  // @ts-expect-error sendMessage(text)
  Masheev.sendMessage();
  // @ts-expect-error setQuestions(questions: string[])
  Masheev.setQuestions("Pricing?");
  // @ts-expect-error updateContact takes name, email, phone, company, userId only
  Masheev.updateContact({ customAttributes: { plan: "pro" } });
  // @ts-expect-error SDK_VERSION is a constant
  Masheev.SDK_VERSION = "1.0.0";
  // @ts-expect-error the iframe hook needs a config with an inboxId
  const hook = useMasheev({ mode: "chat-widget" });
  // @ts-expect-error isReady is a boolean in the hook, not a function
  hook.isReady();
  // @ts-expect-error the headless useMasheev() takes no config
  const chat = useHeadless({ inboxId: "inbox_abc" });
  // @ts-expect-error sendMessage(content: string)
  void chat.sendMessage(42);
  // @ts-expect-error MasheevProvider needs an inboxId
  const provider = <MasheevProvider turnstileSiteKey="your-site-key" />;
  // @ts-expect-error customerInfo is { name?, email?, phone? }
  const info = <MasheevProvider inboxId="inbox_abc" customerInfo={{ company: "Acme Inc" }} />;
  return [hook, chat, provider, info];
}
