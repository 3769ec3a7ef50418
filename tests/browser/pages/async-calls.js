// Calls made before embed.js has arrived: the stub queues them in order; the
// script itself is added (async) a moment later, as a slow network would.
['ready', 'open', 'message', 'error'].forEach(function (name) {
  PilotStatus.on(name, function (p) { window.__events.push({ name: name, payload: p === undefined ? null : p }); });
});
PilotStatus.init({ getToken: window.mint, baseUrl: window.FRAME });
PilotStatus.open();
PilotStatus.sendMessage('queued one');
PilotStatus.sendMessage('queued two');
window.__queuedCalls = PilotStatus.q.length;
setTimeout(function () {
  var script = document.createElement('script');
  script.async = true;
  script.src = '/embed.js';
  document.head.appendChild(script);
}, 200);
