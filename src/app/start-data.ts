// The data a start needs, asked for while the app starts rather than from its first render: the device
// database opens and its first-start tasks run beside the router's creation and React's first render, and
// a deep link's page reads its data meanwhile (its route's `prefetch`, see routes.tsx).
import { getAppAccountController } from '@/lib/account/account-context';
import { preloadStartRoute } from './routes';
import { startupTasks } from './startup';

export function startData(pathname: string): void {
  // The database the app renders with first (the account may switch it once a session is restored).
  const db = getAppAccountController().store.getState().db;
  void startupTasks(db);
  preloadStartRoute(pathname, db);
}
