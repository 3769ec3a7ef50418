// The frame kit's only contact with window / document / fetch.
import { createCommonPlatform, plainData } from './platform_common.js';

function base64UrlJson(part) {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((part.length + 3) % 4);
  return JSON.parse(decodeURIComponent(Array.prototype.map.call(atob(b64),
    (c) => '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2)).join('')));
}

export function createFramePlatform(prefix) {
  const { g, guarded, listen, platform } = createCommonPlatform(prefix);
  return Object.assign(platform, {
    parent_origin_param: () => new URLSearchParams(g.location.search).get('parentOrigin'),
    parent_window: () => (g.parent && g.parent !== g ? g.parent : null),
    post_to_parent: (message, targetOrigin) => g.parent.postMessage(plainData(message), targetOrigin),
    observe_height: (handler) => {
      const body = g.document.body || g.document.documentElement;
      const measure = guarded(() => handler(Math.ceil(body.getBoundingClientRect().height)), 'height observer');
      if (typeof g.ResizeObserver !== 'function') { measure(); return () => {}; }
      const observer = new g.ResizeObserver(measure);
      observer.observe(body);
      return () => observer.disconnect();
    },
    listen_visibility: (handler) => {
      const changed = guarded(() => handler(!g.document.hidden), 'visibility handler');
      const offVisibility = listen(g.document, 'visibilitychange', changed);
      const offFocus = listen(g, 'focus', changed);
      return () => { offVisibility(); offFocus(); };
    },
    is_visible: () => !g.document.hidden,
    jwt_claims: (token) => {
      try { return base64UrlJson(String(token).split('.')[1]); } catch (e) { return null; }
    },
    // The token travels only in the Authorization header: never a URL, a cookie or a Referer.
    request_json: (method, url, token, body, done) => {
      const finish = guarded(done, 'request callback');
      const headers = { 'content-type': 'application/json' };
      if (token) headers.authorization = 'Bearer ' + token;
      g.fetch(url, {
        method, headers, body: JSON.stringify(plainData(body)), credentials: 'omit', cache: 'no-store',
        referrerPolicy: 'no-referrer',
      }).then(async (response) => {
        let json = null;
        try { json = await response.json(); } catch (e) { json = null; }
        const retryAfter = Number(response.headers.get('retry-after'));
        finish(response.status, json, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
      }, () => finish(0, null, null));
    },
  });
}
