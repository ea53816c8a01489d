// Pinned runs, findable without reading every run: IndexedDB cannot index a boolean, so every run written
// with is_pinned true also carries `pin: 1` (a device-only marker, dropped when records are parsed), and the
// runs table indexes it (db version 6). A DBCore middleware sets or clears the marker on every write path
// (the store, sync pulls, imports), so it can never disagree with is_pinned.
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';

export const PIN_INDEX = 'pin';

type Row = Record<string, unknown>;

/** The row as stored: with the marker exactly when it is pinned. */
export function withPinMarker(row: Row): Row {
  const { [PIN_INDEX]: _marker, ...rest } = row;
  return row.is_pinned === true ? { ...rest, [PIN_INDEX]: 1 } : rest;
}

export function pinIndexMiddleware(): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'pin-index',
    create(down) {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          if (name !== 'runs') return table;
          return {
            ...table,
            mutate(req: DBCoreMutateRequest) {
              if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
              return table.mutate({ ...req, values: req.values.map((value: unknown) => (typeof value === 'object' && value !== null ? withPinMarker(value as Row) : value)) });
            },
          };
        },
      };
    },
  };
}
