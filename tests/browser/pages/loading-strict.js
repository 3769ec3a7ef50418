// The stand-in launcher under `style-src 'self'` (no inline styles): it is
// styled through the CSSOM only, so nothing may be reported here.
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
window.addEventListener('load', function () { window.startWidget({ loading: 'interaction' }); });
