import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('页面缺少 #app 容器');
export default mount(App, { target });
