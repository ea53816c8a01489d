// Entry point: mounts the app shell. Everything route-specific is lazy-loaded from src/app/routes.tsx.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/app';
import { preloadStartRoute } from '@/app/routes';
import { startPwa } from '@/pwa/start';
import './index.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html is missing the #root element');

preloadStartRoute(window.location.pathname);
startPwa();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
