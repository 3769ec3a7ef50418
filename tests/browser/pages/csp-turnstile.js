// A local stand-in for Cloudflare's Turnstile script (the real one is
// https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit), loaded by the
// headless client through `turnstileScriptUrl` on the strict-page tests. render()
// records the site key and answers with Cloudflare's documented dummy token.
(function () {
  'use strict';
  window.turnstileRenders = [];
  window.turnstile = {
    render: function (element, options) {
      window.turnstileRenders.push(options.sitekey);
      setTimeout(function () { options.callback('XXXX.DUMMY.TOKEN.XXXX'); }, 0);
      return 'stand-in-widget';
    },
    reset: function () {},
    remove: function () {},
  };
})();
