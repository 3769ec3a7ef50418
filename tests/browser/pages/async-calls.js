// Calls made before embed.js has arrived: the stub queues them in order; the
// script itself is added (async) a moment later, as a slow network would.
['ready', 'open', 'message', 'error'].forEach(function (name) {
  SDK.on(name, function (p) { window.__events.push({ name: name, payload: p === undefined ? null : p }); });
});
SDK.init(Object.assign(DEVKIT.profile.requiresToken ? { getToken: window.mint } : { inboxId: window.PUBLIC_INBOX },
  { baseUrl: window.FRAME }));
SDK.open();
SDK.sendMessage('queued one');
SDK.sendMessage('queued two');
window.__queuedCalls = SDK.q.length;
setTimeout(function () {
  var script = document.createElement('script');
  script.async = true;
  script.src = '/embed.js';
  document.head.appendChild(script);
}, 200);
