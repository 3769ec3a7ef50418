// Right after the SDK's script tag ran (see builtins-snapshot.js).
window.__takeSnapshot('loaded');
