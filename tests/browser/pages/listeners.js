// Loaded before embed.js: counts the window listeners that are currently
// registered, per event type, so a test can prove that every addEventListener
// of the SDK is matched by a removeEventListener.
(function () {
  var active = {};
  var add = window.addEventListener;
  var remove = window.removeEventListener;
  window.addEventListener = function (type, listener, options) {
    (active[type] = active[type] || new Set()).add(listener);
    return add.call(this, type, listener, options);
  };
  window.removeEventListener = function (type, listener, options) {
    if (active[type]) active[type].delete(listener);
    return remove.call(this, type, listener, options);
  };
  window.listenerCount = function (type) { return active[type] ? active[type].size : 0; };
})();
