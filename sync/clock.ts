// Device clocks. Every edit is stamped with its device's clock, corrected by the offset the sync engine
// learns from server responses (DESIGN.md requirement 9). A clock belongs to a device database: the app
// has one (the default clock), a test world has one per device, each with its own skew.

export interface DeviceClock {
  /** Corrected time in ms: what stamps edits (device time + offset). */
  now(): number;
  /** `now()` as an ISO string. */
  nowIso(): string;
  /** Device time in ms, uncorrected (timers and backoff: they must not jump when the offset moves). */
  deviceNow(): number;
  /** The skew correction in use (server time − device time). */
  offset(): number;
  setOffset(ms: number): void;
}

export function createDeviceClock(source: () => number = () => Date.now()): DeviceClock {
  let offsetMs = 0;
  const clock: DeviceClock = {
    now: () => source() + offsetMs,
    nowIso: () => new Date(clock.now()).toISOString(),
    deviceNow: () => source(),
    offset: () => offsetMs,
    setOffset(ms) {
      offsetMs = Number.isFinite(ms) ? ms : 0;
    },
  };
  return clock;
}

let source: () => number = () => Date.now();
const defaultClock = createDeviceClock(() => source());
const clocks = new WeakMap<object, DeviceClock>();

/** The clock of the device that owns `db` (the default clock unless one was given with `setClockFor`). */
export function clockFor(db: object): DeviceClock {
  return clocks.get(db) ?? defaultClock;
}

/** Give a device database its own clock (tests with several devices on one page). */
export function setClockFor(db: object, clock: DeviceClock): void {
  clocks.set(db, clock);
}

/** The default device's corrected time: for code that has no database at hand (one device per page). */
export function nowMs(): number {
  return defaultClock.now();
}

export function nowIso(): string {
  return defaultClock.nowIso();
}

/** Set the default clock's skew correction (server time − device time). */
export function setClockOffset(ms: number): void {
  defaultClock.setOffset(ms);
}

export function getClockOffset(): number {
  return defaultClock.offset();
}

/** Replace the default clock's time source (tests). Returns a function that restores the previous one. */
export function setTimeSource(fn: () => number): () => void {
  const previous = source;
  source = fn;
  return () => {
    source = previous;
  };
}

export function newId(): string {
  return crypto.randomUUID();
}
