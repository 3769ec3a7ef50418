// A local stand-in for Cloudflare's Turnstile script
// (https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit), served
// by the dev server's host app and passed to <MasheevProvider turnstileScriptUrl>.
// render() records the site key it was given and answers with Cloudflare's
// documented dummy token, the one the dev server accepts when it checks bots.
(function () {
  'use strict';
  window.turnstileRenders = [];
  window.turnstile = {
    render: function (element, options) {
      window.turnstileRenders.push({ sitekey: options.sitekey, attached: document.body.contains(element) });
      setTimeout(function () { options.callback('XXXX.DUMMY.TOKEN.XXXX'); }, 0);
      return 'stand-in-widget';
    },
    reset: function () {},
    remove: function () {},
  };
})();
