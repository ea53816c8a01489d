// Keeps a chat scroller at the bottom while the reader is there: new messages and streamed tokens stay
// in view. Stickiness follows the reader's intent (scrolling up leaves, reaching the end re-attaches),
// not the momentary distance, because the box itself shrinks when the message box grows or the
// on-screen keyboard opens — that must not count as "scrolled away".
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { Message } from '@sync/model';

/** Within this many pixels of the end counts as "at the bottom". */
export const BOTTOM_SLACK_PX = 48;

export function useStickToBottom(
  scrollRef: RefObject<HTMLElement | null>,
  scrollToEnd: () => void,
  content: { count: number; last: Message | undefined },
): void {
  const stick = useRef(true);
  const lastTop = useRef(0);
  const toEnd = useRef(scrollToEnd);
  toEnd.current = scrollToEnd;

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => {
      const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
      if (distance <= BOTTOM_SLACK_PX) stick.current = true;
      else if (el.scrollTop < lastTop.current) stick.current = false;
      lastTop.current = el.scrollTop;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => stick.current && toEnd.current());
    resize?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      resize?.disconnect();
    };
  }, [scrollRef]);

  const previousCount = useRef(content.count);
  const renderedCount = useRef(-1);
  const { count, last } = content;
  useLayoutEffect(() => {
    const added = count > previousCount.current;
    previousCount.current = count;
    // Sending (a new user message, or a reply starting) brings the reader back down to it.
    if (added && last && (last.role === 'user' || last.status === 'streaming')) stick.current = true;
    if (!stick.current) return;
    // New rows need the virtualiser to render the end first; a growing last row only needs the box
    // scrolled to its new bottom (cheap, every frame while a reply streams).
    const el = scrollRef.current;
    if (count !== renderedCount.current || !el) toEnd.current();
    else el.scrollTop = el.scrollHeight;
    renderedCount.current = count;
  }, [scrollRef, count, last?.id, last?.content.length, last]);
}
