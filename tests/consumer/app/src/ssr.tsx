// Server rendering under Node: the hook and the provider render without touching
// window or document; a headless hook outside its provider throws a clear Error.
import { renderToString } from 'react-dom/server';
import { usePilotStatus } from '@pilot-status/embed/react';
import { PilotStatusProvider, useChat, useWidgetChat, useWidgetSession, useWidgetSocket } from '@pilot-status/embed/headless';

function Hook() {
  const chat = usePilotStatus({ token: 'server-token', baseUrl: 'https://chat.example.com' });
  return <b>{String(chat.isReady)}/{chat.unreadCount}</b>;
}

function Chat() {
  const chat = useChat();
  const { messages } = useWidgetChat();
  const { session, isLoading } = useWidgetSession();
  const { status } = useWidgetSocket();
  return <i>{chat.messages.length}/{messages.length}/{status}/{String(chat.isOpen)}/{String(session)}/{String(isLoading)}</i>;
}

const html = renderToString(
  <>
    <Hook />
    <PilotStatusProvider inboxId="inbox_demo" apiBase="https://api.example.com"><Chat /></PilotStatusProvider>
  </>,
);
function SocketOnly(): null {
  useWidgetSocket();
  return null;
}
function outside(render: () => string): string {
  try {
    render();
    return 'no error';
  } catch (e) {
    return e instanceof Error ? e.name + ': ' + e.message : 'not an Error';
  }
}
const errors = { useChat: outside(() => renderToString(<Chat />)),
  useWidgetSocket: outside(() => renderToString(<SocketOnly />)) };
console.log(JSON.stringify({ html, errors, window: typeof window, document: typeof document }));
