// A transaction may declare that every row it puts into a table is new on this device (a first sync's
// messages, none of which the device held). Storage middlewares that read a row's previous copy to take
// back what it counted (usage totals) then skip that read: there is none. One read per row saved on the
// bulk paths.
import Dexie from 'dexie';

const fresh = new WeakMap<object, Set<string>>();

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
