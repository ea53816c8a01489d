// The device clock used to stamp edits. The sync engine corrects it with the offset it learns from
// server responses (DESIGN.md requirement 9); tests replace it to stay deterministic.
let offsetMs = 0;
let source: () => number = () => Date.now();

export function nowMs(): number {
  return source() + offsetMs;
}

export function nowIso(): string {
  return new Date(nowMs()).toISOString();
}

/** Set the skew correction learnt from the server (server time − device time). */
export function setClockOffset(ms: number): void {
  offsetMs = Number.isFinite(ms) ? ms : 0;
}

export function getClockOffset(): number {
  return offsetMs;
}

/** Replace the time source (tests). Returns a function that restores the previous one. */
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
