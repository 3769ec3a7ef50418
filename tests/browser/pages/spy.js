// Records every message this window receives (used where a frame of the wrong
// origin must receive nothing).
window.__received = [];
window.addEventListener('message', function (e) { window.__received.push({ origin: e.origin, data: e.data }); });
