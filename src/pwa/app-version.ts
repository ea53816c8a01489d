// The build's version (vite.config.ts defines it from APP_VERSION or package.json), shown in Settings so a
// user, and the update test, can tell which build is running.
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
