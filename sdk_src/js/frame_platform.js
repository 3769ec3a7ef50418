// The frame kit's only contact with window / document / fetch.
import { createCommonPlatform, plainData } from './platform_common.js';

function base64UrlJson(part) {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((part.length + 3) % 4);
  return JSON.parse(decodeURIComponent(Array.prototype.map.call(atob(b64),
    (c) => '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2)).join('')));
}

export function createFramePlatform(prefix) {
  const { g, guarded, platform } = createCommonPlatform(prefix);
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
    jwt_claims: (token) => {
      try { return base64UrlJson(String(token).split('.')[1]); } catch (e) { return null; }
    },
  });
}
