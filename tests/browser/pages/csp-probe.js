// Strict-page tests: every CSP / Trusted Types violation on the host page, recorded
// before anything else runs (loaded with the response's nonce).
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample || '' });
});
