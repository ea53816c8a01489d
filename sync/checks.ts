// A few composable checks for records read back (parse-records.ts, runtime config), worded like zod's issues
// ("name: Invalid input: expected string, received number"). Hand-written because zod's core is ~15 KB gzip
// of the first route's JavaScript and these run on every start.

/** The first problem found: where (dotted path) and what. */
export class CheckIssue extends Error {
  constructor(readonly path: string, readonly issue: string) {
    super(`${path || '(root)'}: ${issue}`);
  }
}

export type Check<T> = (value: unknown, path: string) => T;

const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isNaN(v) ? 'NaN' : typeof v);
const fail = (path: string, issue: string): never => {
  throw new CheckIssue(path, issue);
};
const expected = (what: string, v: unknown, path: string): never => fail(path, `Invalid input: expected ${what}, received ${kind(v)}`);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const string = (minLength = 0): Check<string> => (v, path) => {
  if (typeof v !== 'string') return expected('string', v, path);
  if (v.length < minLength) fail(path, `Too small: expected string to have >=${minLength} characters`);
  return v;
};
export const isoDate: Check<string> = (v, path) => {
  const s = string()(v, path);
  return Number.isNaN(Date.parse(s)) ? fail(path, 'not a date') : s;
};
export const url: Check<string> = (v, path) => {
  const s = string()(v, path);
  try {
    new URL(s); // URL.canParse is too new for some supported browsers
    return s;
  } catch {
    return fail(path, 'Invalid URL');
  }
};
export const number: Check<number> = (v, path) => (typeof v === 'number' && !Number.isNaN(v) ? v : expected('number', v, path));
export const int = (min = -Infinity): Check<number> => (v, path) => {
  if (typeof v !== 'number' || Number.isNaN(v)) return expected('number', v, path);
  if (!Number.isSafeInteger(v)) return expected('int', v, path);
  return v < min ? fail(path, `Too small: expected number to be >=${min}`) : v;
};
export const boolean: Check<boolean> = (v, path) => (typeof v === 'boolean' ? v : expected('boolean', v, path));
export const unknown: Check<unknown> = (v) => v;
export const oneOf = <const T extends string>(options: readonly T[]): Check<T> => (v, path) =>
  options.includes(v as T) ? (v as T) : fail(path, `Invalid option: expected one of ${options.map((o) => JSON.stringify(o)).join('|')}`);
export const nullable = <T>(check: Check<T>): Check<T | null> => (v, path) => (v === null ? null : check(v, path));
export const optional = <T>(check: Check<T>): Check<T | undefined> => (v, path) => (v === undefined ? undefined : check(v, path));
/** `undefined` becomes `fallback()` (a fresh value each time, like zod's default). */
export const withDefault = <T>(check: Check<T>, fallback: () => T): Check<T> => (v, path) => (v === undefined ? fallback() : check(v, path));
export const record = <T>(check: Check<T>): Check<Record<string, T>> => (v, path) => {
  if (!isPlainObject(v)) return expected('record', v, path);
  return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, check(item, at(path, k))]));
};
export const array = <T>(check: Check<T>): Check<T[]> => (v, path) =>
  Array.isArray(v) ? v.map((item, i) => check(item, at(path, i))) : expected('array', v, path);

type Shape = Record<string, Check<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };
/** Known keys checked in order (unknown keys dropped, or kept with `keepUnknown`, like zod's catchall). */
export const object = <S extends Shape>(shape: S, keepUnknown = false): Check<Out<S>> => (v, path) => {
  if (!isPlainObject(v)) return expected('object', v, path);
  const out: Record<string, unknown> = keepUnknown ? { ...v } : {};
  for (const [key, check] of Object.entries(shape)) {
    const value = check(v[key], at(path, key));
    if (value !== undefined || key in v) out[key] = value;
    else delete out[key];
  }
  return out as Out<S>;
};
