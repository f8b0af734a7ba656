// Entry of the settings panel: tell the host we listen (it posts nothing before `ready`), and mount the app.
import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { post } from './vscodeApi';

const target = document.getElementById('app');
if (!target) throw new Error('Switchboard: the page has no #app element.');
// The page carries the first state (appState reads it), so the mount renders the Providers tab
// at once. `ready` still goes first: the host answers with the state only if it changed since
// the page was built; the answer arrives as a message event, after this script and the mount.
post({ type: 'ready' });
mount(App, { target });
