// The device database declares only its versions with an upgrade, and the latest (db.ts). A database of any
// earlier version, as that version's app declared it, must open at the latest version with exactly the
// tables and indexes a new database gets, its rows kept.
import { afterEach, expect, it } from 'vitest';
import Dexie from 'dexie';
import { PromptRunsDB } from './db';
import { SHIPPED } from './db-history';

/** The native schema: each store's key path and auto-increment, and each index's key path and flags. */
async function nativeSchema(name: string): Promise<{ version: number; stores: Record<string, unknown> }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const names = [...db.objectStoreNames].sort();
  const stores: Record<string, unknown> = {};
  if (names.length > 0) {
    const tx = db.transaction(names, 'readonly');
    for (const storeName of names) {
      const store = tx.objectStore(storeName);
      stores[storeName] = {
        keyPath: store.keyPath,
        autoIncrement: store.autoIncrement,
        indexes: [...store.indexNames].sort().map((i) => {
          const index = store.index(i);
          return { name: i, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
        }),
      };
    }
  }
  const version = db.version;
  db.close();
  return { version, stores };
}

const names: string[] = [];
afterEach(async () => {
  await Promise.all(names.splice(0).map((n) => Dexie.delete(n)));
});

it('a new database has every table and index of the latest version, as every version declared in turn makes it', async () => {
  const name = `schema-new-${Math.random()}`;
  const chain = `schema-chain-${Math.random()}`;
  names.push(name, chain);
  const db = new PromptRunsDB(name);
  await db.open();
  expect(db.verno).toBe(SHIPPED[SHIPPED.length - 1]![0]);
  db.close();
  const shipped = new Dexie(chain);
  for (const [v, stores] of SHIPPED) shipped.version(v).stores(stores);
  await shipped.open();
  shipped.close();
  expect(await nativeSchema(name)).toEqual(await nativeSchema(chain));
  const { stores } = await nativeSchema(name);
  expect(Object.keys(stores)).toEqual([
    'folders', 'messages', 'meta', 'outbox', 'promptTags', 'promptVersions', 'prompts', 'purged', 'runFolders', 'runTags',
    'runVersions', 'runs', 'searchPending', 'searchPostings', 'searchRuns', 'searchState', 'settings', 'shares', 'snapshotQueue',
    'tags', 'usageTotals',
  ]);
});

it.each(SHIPPED.slice(0, -1).map(([version]) => version))('a database of version %i opens with the schema of a new one, its rows kept', async (version) => {
  const fresh = `schema-fresh-${version}-${Math.random()}`;
  const name = `schema-from-${version}-${Math.random()}`;
  names.push(fresh, name);
  const old = new Dexie(name);
  for (const [v, stores] of SHIPPED) if (v <= version) old.version(v).stores(stores);
  await old.open();
  await old.table('prompts').put({ id: 'p1', name: 'Kept', status: 'active', updated_at: '2026-12-01T00:00:00.000Z' });
  await old.table('meta').put({ key: 'device', value: 'kept' });
  old.close();

  const upgraded = new PromptRunsDB(name);
  await upgraded.open();
  expect(await upgraded.prompts.get('p1')).toMatchObject({ name: 'Kept' });
  expect(await upgraded.meta.get('device')).toMatchObject({ value: 'kept' });
  upgraded.close();
  const created = new PromptRunsDB(fresh);
  await created.open();
  created.close();
  expect(await nativeSchema(name)).toEqual(await nativeSchema(fresh));
});
