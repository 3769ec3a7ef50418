// Host page of bench/loading.py: loading-host.html?strategy=none|eager|idle|interaction&frame=<frame origin>.
// "none" is the page without the widget; the others load embed.js the way the
// README's script-tag snippet does and call init() with that `loading` value.
// Long tasks are recorded from the start for the blocking-time figure.
(function () {
  var params = new URLSearchParams(location.search);
  var strategy = params.get('strategy');
  window.__longTasks = [];
  if (typeof PerformanceObserver === 'function') {
    try {
      new PerformanceObserver(function (list) {
        list.getEntries().forEach(function (e) { window.__longTasks.push(e.duration); });
      }).observe({ type: 'longtask', buffered: true });
    } catch (e) { /* no longtask support: the figure stays 0 */ }
  }
  window.__events = [];
  if (strategy === 'none') return;
  var script = document.createElement('script');
  script.src = '/embed.js';
  script.onload = function () {
    ['ready', 'open', 'error'].forEach(function (name) {
      window.PilotStatus.on(name, function () { window.__events.push([name, performance.now()]); });
    });
    // The token is handed over by bench/loading.py (add_init_script): never in a URL.
    window.PilotStatus.init({ token: window.__BENCH_TOKEN, baseUrl: params.get('frame'), loading: strategy });
  };
  document.head.appendChild(script);
})();
