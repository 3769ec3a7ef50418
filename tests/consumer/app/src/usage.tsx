// Compile-only: every export of the React and headless entry points, used the
// way the README shows. tsc --noEmit (strict) must accept all of it.
import { useEffect } from 'react';
import {
  usePilotStatus, version as reactVersion, SdkError, ConfigError, ArgumentError, StateError,
  type PilotStatusHook, type PilotStatusConfig, type EventMap, type EventName, type Listener, type Unsubscribe,
  type ErrorCode, type Theme, type WidgetMode, type WidgetPosition, type MessageRole, type UserContext,
  type ContactFields,
} from '@pilot-status/embed/react';
import {
  PilotStatusProvider, useChat, useWidgetChat, useWidgetSession, useWidgetSocket, createHeadless,
  version as headlessVersion, SdkError as HeadlessSdkError, ConfigError as HeadlessConfigError,
  ArgumentError as HeadlessArgumentError, StateError as HeadlessStateError,
  type PilotStatusProviderProps, type ChatApi, type WidgetChatApi, type WidgetSessionApi, type WidgetSocketApi,
  type HeadlessClient, type HeadlessOptions, type HeadlessState, type Message, type WidgetSession,
  type ConnectionStatus, type CustomerInfo,
} from '@pilot-status/embed/headless';
import { createHeadless as createHeadlessCore, type HeadlessClient as CoreClient } from '@pilot-status/embed/headless/core';
import { create, init } from '@pilot-status/embed';

const theme: Theme = 'dark';
const mode: WidgetMode = 'chat-widget';
const position: WidgetPosition = 'left';
const role: MessageRole = 'ai';
const user: UserContext = { name: 'Jane', customAttributes: { plan: 'pro', seats: 3 } };
const contact: ContactFields = { email: 'jane@example.com' };
const config: PilotStatusConfig = { token: 't', theme, mode, position, user, questions: ['Pricing?'] };
const code: ErrorCode = 'timeout';
const eventName: EventName = 'unread-count';
const unreadPayload: EventMap['unread-count'] = { count: 2 };
const onReady: Listener<'ready'> = () => {};
const errors = [SdkError, ConfigError, ArgumentError, StateError, HeadlessSdkError, HeadlessConfigError,
  HeadlessArgumentError, HeadlessStateError];
const versions: string[] = [reactVersion, headlessVersion];
void [role, contact, config, code, eventName, unreadPayload, onReady, errors, versions];

export function Widget({ getToken }: { getToken: () => Promise<string> }) {
  const chat: PilotStatusHook = usePilotStatus({ getToken, mode: 'embedded', baseUrl: 'https://chat.example.com' });
  const { open, close, toggle, sendMessage, updateContact, updateContext, setQuestions, setTheme, setLocale,
    setToken, on, off, containerRef, isReady, unreadCount } = chat;
  useEffect(() => {
    const unsubscribe: Unsubscribe = on('message', ({ role, content }) => { console.log(role.toUpperCase(), content); });
    const onUnread = ({ count }: { count: number }) => console.log(count + 1);
    on('unread-count', onUnread);
    on('error', ({ message, code }) => console.log(message, code));
    on('conversation-opened', ({ conversationId }) => console.log(conversationId.length));
    return () => { unsubscribe(); off('unread-count', onUnread); };
  }, [on, off]);
  const ready: boolean = isReady;
  const count: number = unreadCount;
  return (
    <div ref={containerRef}>
      <button disabled={!ready} onClick={open}>open ({count})</button>
      <button onClick={() => { close(); toggle(); sendMessage('hi'); setQuestions(['a', 'b']); setTheme('light');
        setLocale('pt-BR'); setToken('t2'); updateContext({ company: 'Acme' }); updateContact({ name: 'Jane' }); }}>
        more
      </button>
    </div>
  );
}

function Chat() {
  const chat: ChatApi = useChat();
  const { session, isConnected, connectionStatus, error, messages, sendMessage, isLoading, isOpen, setOpen,
    createSession } = chat;
  const lower: WidgetChatApi = useWidgetChat();
  const sess: WidgetSessionApi = useWidgetSession();
  const socket: WidgetSocketApi = useWidgetSocket();
  const status: ConnectionStatus = socket.status;
  const first: Message | undefined = messages[0];
  const when: number | undefined = first?.timestamp.getTime();
  const conversation: string | undefined = session?.conversationId;
  void [isConnected, connectionStatus, error, isLoading, lower.isLoading, sess.isLoading, status, when, conversation];
  return (
    <div>
      {messages.map((m) => <p key={m.id} className={m.role}>{m.content}{m.isLoading && '...'}</p>)}
      <button onClick={() => setOpen(!isOpen)}>toggle</button>
      <button onClick={async () => {
        const s: WidgetSession | null = await createSession();   // null: no session (see error)
        await sendMessage('hello ' + (s === null ? 'nobody' : s.conversationId));
        await lower.sendMessage('again');
        await sess.createSession();
      }}>send</button>
    </div>
  );
}

const customer: CustomerInfo = { name: 'Jane', email: 'jane@example.com' };
const providerProps: PilotStatusProviderProps = { inboxId: 'inbox_demo', apiBase: 'https://api.example.com',
  turnstileSiteKey: 'key', customerInfo: customer, token: 'jwt' };

export function App() {
  return (
    <>
      <PilotStatusProvider {...providerProps}><Chat /></PilotStatusProvider>
      <PilotStatusProvider inboxId="inbox_demo"><Chat /></PilotStatusProvider>
    </>
  );
}

export async function vanilla() {
  const options: HeadlessOptions = { inboxId: 'inbox_demo' };
  const client: HeadlessClient = createHeadless(options);
  const core: CoreClient = createHeadlessCore(options);
  const state: HeadlessState = client.getState();
  const off = client.subscribe(() => console.log(client.getState().messages.length, state.connectionStatus));
  await client.sendMessage('hi');
  await client.updateContact({ phone: '+15550100' });
  client.updateContext({ userId: 'u1' });
  client.setOpen(true);
  client.giveConsent();
  client.reconnect();
  off();
  client.close();
  core.close();
  const sdk = create();
  sdk.init({ getToken: async () => 'jwt' });
  init({ token: 'jwt' });
}
