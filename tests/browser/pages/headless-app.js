// A minimal "bring your own UI" page on the headless client.
import { createHeadless } from '/headless.mjs';

const frame = new URLSearchParams(location.search).get('frame');
const client = createHeadless({ inboxId: 'inbox_demo', apiBase: frame });
window.client = client;
window.states = [];
client.subscribe(() => {
  const state = client.getState();
  window.states.push(state);
  const list = document.getElementById('messages');
  list.textContent = '';
  for (const m of state.messages) {
    const li = document.createElement('li');
    li.className = m.role + (m.isLoading ? ' loading' : '');
    li.textContent = m.content;
    list.appendChild(li);
  }
});
window.headlessReady = true;
