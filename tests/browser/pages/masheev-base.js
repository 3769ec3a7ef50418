// Points the Masheev samples at the dev server's frame origin (?frame=...).
window.MASHEEV_BASE = new URLSearchParams(location.search).get('frame');
