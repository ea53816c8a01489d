// A transaction may declare that every row it puts into a table is new on this device (a first sync's
// messages, none of which the device held), or that the next put of some keys is (runs a pulled page
// brings that the device had no row of). Storage middlewares that read a row's previous copy to take
// back what it counted (usage totals) then skip that read: there is none. One read per row saved on the
// bulk paths.
import Dexie from 'dexie';

const fresh = new WeakMap<object, Set<string>>();
const freshKeys = new WeakMap<object, Map<string, Set<unknown>>>();

/** Inside a read-write transaction: every row put into `table` from now on in it has no earlier copy here. */
export function declareFreshRows(table: string): void {
  const trans = Dexie.currentTransaction?.idbtrans;
  if (!trans) return;
  fresh.set(trans, (fresh.get(trans) ?? new Set()).add(table));
}

/** Whether the transaction (a DBCore request's `trans`) declared the rows it puts into `table` new. */
export function putsFreshRows(trans: object, table: string): boolean {
  return fresh.get(trans)?.has(table) ?? false;
}

/**
 * Inside a read-write transaction, having read that `table` holds no row of these keys: the next put of
 * each writes a row with no earlier copy. Only the next one: a second put of a key replaces the first.
 */
export function declareFreshKeys(table: string, keys: Iterable<unknown>): void {
  const trans = Dexie.currentTransaction?.idbtrans;
  if (!trans) return;
  const byTable = freshKeys.get(trans) ?? new Map<string, Set<unknown>>();
  freshKeys.set(trans, byTable);
  const set = byTable.get(table) ?? new Set();
  byTable.set(table, set);
  for (const key of keys) set.add(key);
}

/** For each key a put writes (in order), whether it was declared fresh; the declaration is used up. */
export function takeFreshKeys(trans: object, table: string, keys: readonly unknown[]): boolean[] {
  const set = freshKeys.get(trans)?.get(table);
  if (!set || set.size === 0) return keys.map(() => false);
  return keys.map((key) => set.delete(key));
}
