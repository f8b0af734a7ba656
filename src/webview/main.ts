// Entry of the settings panel: mount the app, then tell the host we listen (it posts nothing before `ready`).
import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { post } from './vscodeApi';

const target = document.getElementById('app');
if (!target) throw new Error('Switchboard: the page has no #app element.');
mount(App, { target });
post({ type: 'ready' });
