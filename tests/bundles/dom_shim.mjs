// A minimal stand-in for the browser globals the SDK's platform module uses,
// so the built bundles can be exercised in Node. Real-browser behaviour is
// covered by the browser test tier; this checks the bundle's wiring.
export function installDom(target = globalThis, { origin = 'https://shop.example', width = 1280 } = {}) {
  const listeners = { message: new Set(), resize: new Set() };
  class Element {
    constructor(tag) { this.tagName = tag; this.children = []; this.parentNode = null; this.attributes = {}; }
    appendChild(child) { child.parentNode = this; this.children.push(child); return child; }
    removeChild(child) { this.children = this.children.filter((c) => c !== child); child.parentNode = null; }
    setAttribute(name, value) { this.attributes[name] = String(value); }
  }
  class IframeElement extends Element {
    constructor() {
      super('iframe');
      this.posted = [];
      const props = {};
      this.style = {
        props,
        setProperty: (k, v, priority) => { props[k] = v + (priority ? ' !' + priority : ''); },
        removeProperty: (k) => { delete props[k]; },
      };
      const frame = this;
      this.contentWindow = { postMessage(data, targetOrigin) { frame.posted.push({ data, targetOrigin }); } };
    }
  }
  const body = new Element('body');
  const containers = { '#chat': new Element('div') };
  const document = {
    body,
    documentElement: new Element('html'),
    createElement: (tag) => (tag === 'iframe' ? new IframeElement() : new Element(tag)),
    querySelector: (sel) => containers[sel] || null,
  };
  Object.assign(target, {
    window: target, document, Element, location: { origin }, innerWidth: width,
    navigator: { language: 'pt-BR' },
    addEventListener: (type, fn) => listeners[type] && listeners[type].add(fn),
    removeEventListener: (type, fn) => listeners[type] && listeners[type].delete(fn),
    requestAnimationFrame: (fn) => setTimeout(fn, 0),
    cancelAnimationFrame: (h) => clearTimeout(h),
  });
  const frames = () => body.children.filter((c) => c instanceof IframeElement);
  return {
    listeners, body, containers, frames,
    deliver: (origin, source, data) => { for (const fn of [...listeners.message]) fn({ origin, source, data }); },
  };
}
