// The app's second loading step (see main.tsx): everything but React itself, in a module graph of its own so
// the browser compiles and runs it in a separate task from React's.
export { App, createAppRouter } from './app';
export { preloadStartRoute } from './routes';
export { startPwa } from '@/pwa/start';
