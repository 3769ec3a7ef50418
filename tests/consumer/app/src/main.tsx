// The throwaway consumer app, run in Chromium by tests/consumer/test_consumer.py
// (React 18 and React 19 builds). Served at /t/react<N>.html?frame=<frame origin>;
// the test drives it through window.app and reads window.log.
import { StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { usePilotStatus, type Theme, type WidgetMode } from '@pilot-status/embed/react';
import { PilotStatusProvider, useChat, useWidgetSession, useWidgetSocket } from '@pilot-status/embed/headless';

const FRAME = new URLSearchParams(location.search).get('frame') ?? '';

type Entry = { name: string; payload: unknown };
type Parts = { widget: boolean; embedded: boolean; headless: boolean; broken: boolean; unheard: boolean };
interface AppControls {
  show(part: keyof Parts, on: boolean): void;
  setTheme(theme: Theme): void;
  setPlaceholder(text: string): void;
  setMode(mode: WidgetMode): void;
}
declare global {
  interface Window {
    log: Entry[];
    identities: Record<string, unknown[]>;
    renders: number;
    streamed: string[];
    sockets: WebSocket[];
    app: AppControls;
    reactVersion: string;
  }
}
window.log = [];
window.identities = {};
window.renders = 0;
window.streamed = [];
window.sockets = [];

// Every WebSocket the page opens, to prove the headless client closes its own.
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    window.sockets.push(this);
  }
};

// A stable token source: getToken's identity is part of the hook's identity.
async function getToken(): Promise<string> {
  const response = await fetch('/api/token', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: '{}' });
  const data: { token: string } = await response.json();
  return data.token;
}

function remember(name: string, value: unknown) {
  (window.identities[name] ??= []).push(value);
}

function Widget({ theme, placeholder, mode }: { theme: Theme; placeholder: string; mode: WidgetMode }) {
  const chat = usePilotStatus({ getToken, baseUrl: FRAME, theme, placeholder, mode });
  useEffect(() => {   // every committed render (React 18 throws away StrictMode's first mount render)
    window.renders += 1;
    for (const name of ['open', 'close', 'toggle', 'sendMessage', 'on', 'off', 'containerRef'] as const) {
      remember(name, chat[name]);
    }
  });
  const { on } = chat;
  useEffect(() => {
    const offs = [
      on('ready', () => window.log.push({ name: 'ready', payload: null })),
      on('open', () => window.log.push({ name: 'open', payload: null })),
      on('close', () => window.log.push({ name: 'close', payload: null })),
      on('message', (m) => window.log.push({ name: 'message', payload: { role: m.role, content: m.content } })),
      on('unread-count', ({ count }) => window.log.push({ name: 'unread-count', payload: count })),
    ];
    return () => offs.forEach((off) => off());
  }, [on]);
  return (
    <div id="widget">
      <span id="ready">{String(chat.isReady)}</span> <span id="unread">{chat.unreadCount}</span>
      <button id="open" onClick={chat.open}>open</button>
      <button id="close" onClick={chat.close}>close</button>
      <button id="send" onClick={() => chat.sendMessage('ping from react')}>send</button>
    </div>
  );
}

function Embedded() {
  const chat = usePilotStatus({ getToken, baseUrl: FRAME, mode: 'embedded', hideHeader: true });
  const { setQuestions } = chat;
  // Runs before the instance exists (it waits for containerRef): held, then replayed.
  useEffect(() => { setQuestions(['Queued before init']); }, [setQuestions]);
  return (
    <div id="embedded">
      <span id="embedded-ready">{String(chat.isReady)}</span>
      <div id="embed-box" ref={chat.containerRef} style={{ width: 400, height: 300 }} />
    </div>
  );
}

// An invalid option: reported as an `error` event (and in the console), no crash, no iframe.
function Broken() {
  const { on } = usePilotStatus({ getToken, baseUrl: 'ftp://chat.example.com' });
  useEffect(() => on('error', ({ code, message }) => window.log.push({ name: 'error', payload: { code, message } })),
    [on]);
  return <p id="broken">broken</p>;
}

// A failure that no callback of the app hears (nothing answers at that frame origin,
// so the handshake times out): the hook returns it as `error` and logs it once.
function Unheard() {
  const { error } = usePilotStatus({ getToken, baseUrl: 'http://127.0.0.9:9', handshakeTimeout: 1000 });
  return <p id="unheard">{error === null ? '' : error.code + ': ' + error.message}</p>;
}

function Chat() {
  const { messages, sendMessage, isLoading, error, isOpen, setOpen } = useChat();
  const { session } = useWidgetSession();
  const { status } = useWidgetSocket();
  const input = useRef<HTMLInputElement>(null);
  for (const m of messages) {
    if (m.role === 'ai' && m.isLoading) window.streamed.push(m.content);
  }
  return (
    <div id="headless">
      <span id="status">{status}</span> <span id="conversation">{session?.conversationId ?? ''}</span>
      <span id="busy">{String(isLoading)}</span> <span id="error">{error ?? ''}</span>
      <span id="is-open">{String(isOpen)}</span>
      <button id="toggle-open" onClick={() => setOpen(!isOpen)}>toggle</button>
      <ol id="messages">
        {messages.map((m) => (
          <li key={m.id} className={m.role + (m.isLoading ? ' loading' : '')}>{m.content}</li>
        ))}
      </ol>
      <input id="text" ref={input} />
      <button id="send-headless" onClick={() => {
        const text = input.current?.value ?? '';
        if (input.current) input.current.value = '';
        void sendMessage(text);
      }}>send</button>
    </div>
  );
}

function App() {
  const [parts, setParts] = useState<Parts>({ widget: true, embedded: false, headless: false, broken: false,
    unheard: false });
  const [theme, setTheme] = useState<Theme>('light');
  const [placeholder, setPlaceholder] = useState('Ask us');
  const [mode, setMode] = useState<WidgetMode>('chat-widget');
  useEffect(() => {
    window.app = {
      show: (part, on) => setParts((p) => ({ ...p, [part]: on })),
      setTheme,
      setPlaceholder,
      setMode,
    };
  }, []);
  return (
    <>
      {parts.widget && <Widget theme={theme} placeholder={placeholder} mode={mode} />}
      {parts.embedded && <Embedded />}
      {parts.broken && <Broken />}
      {parts.unheard && <Unheard />}
      {parts.headless && (
        <PilotStatusProvider inboxId="inbox_demo" apiBase={FRAME} customerInfo={{ name: 'Consumer Test' }}>
          <Chat />
        </PilotStatusProvider>
      )}
    </>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
