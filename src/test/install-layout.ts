// jsdom has no layout. The virtualised lists render only the rows that fit their scroller, so give each
// scroller a viewport (the conversation: `aria-label="Conversation"`, the runs list: `data-runs-scroller`,
// the compare view's turns: `data-compare-scroller`)
// and every row 40px; they then render rows the way a browser would. Returns the undo.
export function installLayout(viewport = 2000): () => void {
  const proto = HTMLElement.prototype;
  const client = Object.getOwnPropertyDescriptor(proto, 'clientHeight');
  const offset = Object.getOwnPropertyDescriptor(proto, 'offsetHeight');
  Object.defineProperty(proto, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute('aria-label') === 'Conversation' || this.hasAttribute('data-runs-scroller') || this.hasAttribute('data-compare-scroller')
        ? viewport
        : 0;
    },
  });
  Object.defineProperty(proto, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.hasAttribute('data-index') ? 40 : 0;
    },
  });
  // jsdom has no matchMedia; the runs sidebar asks it whether to be a panel or a drawer (phone: no match).
  const hadMatchMedia = typeof window.matchMedia === 'function';
  if (!hadMatchMedia) {
    window.matchMedia = (query: string) =>
      ({ matches: false, media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList;
  }
  return () => {
    if (!hadMatchMedia) delete (window as Partial<Window>).matchMedia;
    if (client) Object.defineProperty(proto, 'clientHeight', client);
    if (offset) Object.defineProperty(proto, 'offsetHeight', offset);
  };
}
