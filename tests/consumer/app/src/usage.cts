// CommonJS consumers (the exports map's `require` condition, .d.cts declarations).
import react = require('@pilot-status/embed/react');
import headless = require('@pilot-status/embed/headless');
import core = require('@pilot-status/embed/headless/core');
import root = require('@pilot-status/embed');

const hook: typeof react.usePilotStatus = react.usePilotStatus;
const provider: typeof headless.PilotStatusProvider = headless.PilotStatusProvider;
const client: core.HeadlessClient = core.createHeadless({ inboxId: 'inbox_demo' });
const state: headless.HeadlessState = client.getState();
root.on('ready', () => {});
export = { hook, provider, state };
