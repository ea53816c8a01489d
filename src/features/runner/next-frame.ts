/** Runs `fn` before the next paint (or soon, where frames do not run: hidden tabs, tests); returns a cancel. */
export function nextFrame(fn: () => void): () => void {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    const id = requestAnimationFrame(fn);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(fn, 50);
  return () => clearTimeout(id);
}
