// The frame kit's only contact with window / document / fetch.
import { createCommonPlatform, networkPlatform, plainData } from './platform_common.js';

function base64UrlJson(part) {
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((part.length + 3) % 4));
  let escaped = '';
  for (let i = 0; i < binary.length; i++) escaped += '%' + ('00' + binary.charCodeAt(i).toString(16)).slice(-2);
  return JSON.parse(decodeURIComponent(escaped));
}

export function createFramePlatform(prefix) {
  const common = createCommonPlatform(prefix);
  const { g, guarded, platform } = common;
  return Object.assign(platform, networkPlatform(common), {
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
