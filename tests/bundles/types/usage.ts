// Compiles cleanly against the generated dist/index.d.ts (strict).
import * as PilotStatus from '../../../dist/index';
import { create, on, once, off, init, ConfigError, SdkError, type EventMap, type PilotStatusConfig } from '../../../dist/index';

const config: PilotStatusConfig = {
  token: 'jwt',
  baseUrl: 'https://chat.example.com',
  mode: 'chat-widget',
  position: 'left',
  theme: 'dark',
  locale: 'pt-BR',
  questions: ['Pricing?'],
  user: { name: 'Jane', customAttributes: { plan: 'pro', seats: 3, vip: true } },
  onSessionExpired: () => {},
};
init(config);
init({ getToken: async () => 'jwt', container: document.createElement('div'), mode: 'embedded' });

type Role = 'user' | 'ai';
const unsubscribe: () => void = on('message', (p) => { const r: Role = p.role; const c: string = p.content; void r; void c; });
unsubscribe();
on('ready', () => {});
on('error', ({ message, code }) => { const m: string = message; const k: string = code; void m; void k; });
on('resize', ({ height }) => { const h: number = height; void h; });
on('unread-count', ({ count }) => { const n: number = count; void n; });
on('conversation-opened', ({ conversationId }) => { const id: string = conversationId; void id; });
once('session-expired', () => {});
const listener = (p: EventMap['message']) => { void p; };
on('message', listener);
off('message', listener);

PilotStatus.open();
PilotStatus.close();
PilotStatus.toggle();
PilotStatus.sendMessage('hi');
PilotStatus.updateContext({ userId: 'u1', customAttributes: { cart: 2 } });
PilotStatus.updateContact({ name: 'Jane', email: 'j@x.co', phone: '+14155551234', company: 'Acme', userId: 'u1' });
PilotStatus.setQuestions(['A?']);
PilotStatus.setTheme('light');
PilotStatus.setLocale('en');
PilotStatus.setToken('jwt2');
const ready: boolean = PilotStatus.isReady();
const v: string = PilotStatus.version;
void ready; void v;
PilotStatus.destroy();

const instance = create();
instance.on('open', () => {});
const instanceVersion: string = instance.version;
void instanceVersion;

try { init(config); } catch (e) {
  if (e instanceof ConfigError) { const code: string = e.code; void code; }
  if (e instanceof SdkError) { const message: string = e.message; void message; }
}

const pairing = PilotStatus.connect({ pairingUrl: 'https://chat.example.com/connect?pairingToken=p', container: '#c' });
pairing.on('connect:paired', ({ whatsappNumberId }) => { const id: string | undefined = whatsappNumberId; void id; });
pairing.on('resize', ({ height }) => { const h: number = height; void h; });
const paired: boolean = pairing.isReady();
void paired;
pairing.destroy();
PilotStatus.connect({ pairingToken: 'p', baseUrl: 'https://chat.example.com', container: document.body, theme: 'dark' });
