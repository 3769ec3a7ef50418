// The headless client's contact with the browser: fetch, WebSocket, storage,
// the Turnstile script. Nothing runs at import time.
import { createCommonPlatform, networkPlatform } from './platform_common.js';

// Trusted Types: on a page that enforces `require-trusted-types-for 'script'`, a plain string
// cannot be a script's src. The Turnstile URL goes through the SDK's own policy, created once per
// page (a second createPolicy of one name throws unless the page allows duplicates) and vouching
// only for the URL being loaded at that moment, so holding it gives nothing else away.
let scriptUrlPolicy;   // undefined: not tried yet; null: unavailable (no Trusted Types, or the page refused it)
let vouchFor = null;

function turnstileScriptUrl(g, policyName, url) {
  if (scriptUrlPolicy === undefined) {
    scriptUrlPolicy = null;
    const tt = g.trustedTypes;
    if (tt && typeof tt.createPolicy === 'function') {
      try {
        scriptUrlPolicy = tt.createPolicy(policyName, {
          createScriptURL: (value) => {
            if (value !== vouchFor) throw new TypeError(policyName + ' vouches only for the Turnstile script');
            return value;
          },
        });
      } catch (e) { /* not in the page's trusted-types list: a default policy may still take the string */ }
    }
  }
  if (!scriptUrlPolicy) return url;
  vouchFor = url;
  try { return scriptUrlPolicy.createScriptURL(url); } finally { vouchFor = null; }
}

// policyName: the Trusted Types policy a strict page must allow (`trusted-types <policyName>`).
export function createHeadlessPlatform(prefix, policyName) {
  const common = createCommonPlatform(prefix);
  const { g, guarded, log, platform } = common;
  let turnstileLoad = null;
  return Object.assign(platform, networkPlatform(common), {
    random: () => Math.random(),
    make_timestamp: (ms) => new Date(ms),
    iso_now: () => new Date().toISOString(),
    json_parse: (text) => { try { return JSON.parse(text); } catch (e) { return null; } },
    // visitorId only (never a token): a stable anonymous id per browser.
    storage_get: (key) => { try { return g.localStorage.getItem(key); } catch (e) { return null; } },
    storage_set: (key, value) => { try { g.localStorage.setItem(key, value); } catch (e) { /* private mode */ } },
    open_socket: (url, onOpen, onMessage, onClose) => {
      let socket;
      try {
        socket = new g.WebSocket(url);
      } catch (e) {
        g.setTimeout(guarded(() => onClose(0), 'socket close'), 0);
        return null;
      }
      socket.addEventListener('open', guarded(() => onOpen(), 'socket open'));
      socket.addEventListener('message', guarded((e) => onMessage(typeof e.data === 'string' ? e.data : ''),
        'socket message'));
      // `error` is always followed by `close`; only the close is reported, so one failure counts once.
      socket.addEventListener('close', guarded((e) => onClose(e.code), 'socket close'));
      return socket;
    },
    socket_send: (socket, text) => { if (socket && socket.readyState === 1) socket.send(text); },
    socket_close: (socket) => { if (socket) { try { socket.close(1000); } catch (e) { /* already closed */ } } },
    turnstile_token: (scriptUrl, siteKey, done) => {
      const finish = guarded(done, 'turnstile');
      if (!turnstileLoad) {
        turnstileLoad = new Promise((resolve, reject) => {
          if (g.turnstile) { resolve(g.turnstile); return; }
          const script = g.document.createElement('script');
          try {
            script.src = turnstileScriptUrl(g, policyName, scriptUrl);
          } catch (e) {
            // Only Trusted Types refuses the assignment: name the directive the page must change.
            throw new Error('the page\'s Trusted Types policy blocked the Turnstile script: allow the policy "'
              + policyName + '" in its trusted-types directive');
          }
          script.async = true;
          script.onload = () => (g.turnstile ? resolve(g.turnstile) : reject(new Error('turnstile missing')));
          script.onerror = () => reject(new Error('could not load ' + scriptUrl));
          g.document.head.appendChild(script);
        });
        turnstileLoad.catch(() => { turnstileLoad = null; });
      }
      turnstileLoad.then((turnstile) => {
        const box = g.document.createElement('div');
        box.style.display = 'none';
        g.document.body.appendChild(box);
        turnstile.render(box, {
          sitekey: siteKey,
          callback: (token) => { box.remove(); finish(token, null); },
          'error-callback': () => { box.remove(); finish(null, 'the bot check failed'); },
        });
      }, (e) => { log('warn', [prefix + e.message]); finish(null, e.message); });
    },
  });
}
