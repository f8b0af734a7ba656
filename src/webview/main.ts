// Entry of the settings panel: tell the host we listen (it posts nothing before `ready`), and mount the app.
import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { post } from './vscodeApi';

const target = document.getElementById('app');
if (!target) throw new Error('Switchboard: the page has no #app element.');
// Ask for the state first, so its round trip overlaps with mounting. The answer arrives as a
// message event, which cannot run before this script and the mount's effects have finished.
post({ type: 'ready' });
mount(App, { target });
