// The headless client's contact with the browser: fetch, WebSocket, storage,
// the Turnstile script. Nothing runs at import time.
import { createCommonPlatform, networkPlatform } from './platform_common.js';

export function createHeadlessPlatform(prefix) {
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
          script.src = scriptUrl;
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
