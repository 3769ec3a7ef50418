// Every line below must be a type error; `@ts-expect-error` makes tsc fail
// if any of them compiles.
import { init, on, setTheme, updateContact, sendMessage, create } from '../../../dist/index';

// @ts-expect-error unknown event name
on('nope', () => {});
// @ts-expect-error payload field that does not exist
on('message', (p) => p.nope);
// @ts-expect-error role is a string union, not a number
on('message', (p) => { const n: number = p.role; void n; });
// @ts-expect-error missing token / getToken
init({ baseUrl: 'https://chat.example.com' });
// @ts-expect-error unknown option
init({ token: 't', tokn: 'x' });
// @ts-expect-error mode outside the allowed values
init({ token: 't', mode: 'popup' });
// @ts-expect-error theme outside the allowed values
setTheme('neon');
// @ts-expect-error unknown contact field
updateContact({ nickname: 'J' });
// @ts-expect-error text must be a string
sendMessage(42);
// @ts-expect-error listener for a payload-less event takes no payload
create().on('ready', (p: { x: number }) => p.x);
// @ts-expect-error connect needs pairingUrl or pairingToken
create().connect({ container: '#c' });
// @ts-expect-error connect takes one of pairingUrl / pairingToken, not both
create().connect({ container: '#c', pairingUrl: 'https://x.example/connect', pairingToken: 't' });
// @ts-expect-error connect events are their own set
create().connect({ container: '#c', pairingToken: 't' }).on('message', () => {});
