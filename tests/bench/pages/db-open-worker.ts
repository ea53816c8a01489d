// One cold construction of the device database object, in a worker of its own (a fresh JavaScript engine:
// nothing compiled or optimised yet, as at an app start): this checkout's PromptRunsDB, or the same tables
// declared as before only versions with an upgrade were kept (every shipped version, db-history.ts).
import Dexie from 'dexie';
import { PromptRunsDB } from '@sync/db';
import { SHIPPED, UPGRADED } from '@sync/db-history';
import { searchIndexMiddleware } from '@sync/search/search-index';
import { pinIndexMiddleware } from '@sync/store/pin-index';
import { usageTotalsMiddleware } from '@sync/usage/usage-totals';

function everyVersionDeclared(name: string): Dexie {
  const db = new Dexie(name, { chromeTransactionDurability: 'relaxed' });
  for (const [v, stores] of SHIPPED) {
    const version = db.version(v).stores(stores);
    if (UPGRADED.includes(v)) version.upgrade(() => undefined);
  }
  db.use(searchIndexMiddleware(() => undefined));
  db.use(usageTotalsMiddleware());
  db.use(pinIndexMiddleware());
  return db;
}

self.onmessage = ({ data }: MessageEvent<'ours' | 'every-version'>) => {
  const name = `bench-open-${Math.random()}`;
  const t0 = performance.now();
  const db = data === 'ours' ? new PromptRunsDB(name) : everyVersionDeclared(name);
  const ms = performance.now() - t0;
  db.close();
  postMessage(ms);
};
