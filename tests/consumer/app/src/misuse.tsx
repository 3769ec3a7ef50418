// Compile-only: each statement after `@ts-expect-error` must be a type error (tsc
// reports an unused @ts-expect-error if one compiles), so one tsc run proves
// both what is accepted (usage.tsx) and what is refused.
import { usePilotStatus } from '@pilot-status/embed/react';
import { PilotStatusProvider, useChat, useWidgetSocket, createHeadless } from '@pilot-status/embed/headless';

export function BadHook() {
  // @ts-expect-error missing required option: token or getToken
  usePilotStatus({ baseUrl: 'https://chat.example.com' });
  // @ts-expect-error unknown option
  usePilotStatus({ token: 't', tokn: 'x' });
  // @ts-expect-error mode outside the allowed values
  usePilotStatus({ token: 't', mode: 'popup' });
  const chat = usePilotStatus({ token: 't' });
  // @ts-expect-error unknown event
  chat.on('nope', () => {});
  // @ts-expect-error wrong payload type: count is a number
  chat.on('unread-count', (p) => { const s: string = p.count; void s; });
  // @ts-expect-error payload field that does not exist
  chat.on('message', (p) => p.nope);
  // @ts-expect-error ready has no payload
  chat.off('ready', (p: { x: number }) => p.x);
  // @ts-expect-error sendMessage takes a string
  chat.sendMessage(42);
  // @ts-expect-error unknown contact field
  chat.updateContact({ nickname: 'J' });
  // @ts-expect-error isReady is a boolean, not a function
  chat.isReady();
  // @ts-expect-error containerRef takes an element
  chat.containerRef('#chat');
  return null;
}

export function BadHeadless() {
  const chat = useChat();
  // @ts-expect-error sendMessage takes a string
  void chat.sendMessage({ text: 'hi' });
  // @ts-expect-error setOpen takes a boolean
  chat.setOpen('yes');
  // @ts-expect-error status is a union of known states
  const s: 'online' = useWidgetSocket().status;
  // @ts-expect-error createHeadless needs inboxId
  createHeadless({ apiBase: 'https://api.example.com' });
  // @ts-expect-error customerInfo has name / email / phone only
  createHeadless({ inboxId: 'i', customerInfo: { company: 'Acme' } });
  void s;
  return (
    <>
      {/* @ts-expect-error the provider needs inboxId */}
      <PilotStatusProvider apiBase="https://api.example.com"><p /></PilotStatusProvider>
      {/* @ts-expect-error unknown provider prop */}
      <PilotStatusProvider inboxId="i" inbox="x"><p /></PilotStatusProvider>
    </>
  );
}
