// The app's module graph (see main.tsx, which evaluates it in a task of its own, after React's and Dexie's):
// everything the first route needs but React itself.
export { App, createAppRouter } from './app';
export { startData } from './start-data';
export { prefetchInAppPages } from './routes';
export { startPwa } from '@/pwa/start';
