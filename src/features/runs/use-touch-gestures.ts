// Touch gestures of a list item (seed: mobile): swipe left to delete, long-press for the options menu.
// Pointer events of type 'touch' only, so a mouse drag never deletes anything.
import { useRef, useState, type PointerEvent } from 'react';

const LONG_PRESS_MS = 500;
/** Movement that turns a press into a drag (and cancels the long-press). */
const SLOP_PX = 10;
/** How far left an item must be dragged to count as "swipe to delete". */
const SWIPE_PX = 96;

interface Handlers {
  onSwipeLeft?: () => void;
  onLongPress?: () => void;
}

export function useTouchGestures({ onSwipeLeft, onLongPress }: Handlers) {
  const start = useRef<{ x: number; y: number; id: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pressed = useRef(false);
  const [offset, setOffset] = useState(0);

  const clearTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  const end = () => {
    clearTimer();
    start.current = null;
    setOffset(0);
  };

  return {
    /** Horizontal drag in px (negative while swiping left), for the item's transform. */
    offset,
    /** True right after a long-press, so the click that follows it does not also open the run. */
    consumeLongPress: () => {
      const was = pressed.current;
      pressed.current = false;
      return was;
    },
    handlers: {
      onPointerDown(e: PointerEvent) {
        if (e.pointerType !== 'touch') return;
        start.current = { x: e.clientX, y: e.clientY, id: e.pointerId };
        pressed.current = false;
        clearTimer();
        timer.current = setTimeout(() => {
          pressed.current = true;
          start.current = null;
          onLongPress?.();
        }, LONG_PRESS_MS);
      },
      onPointerMove(e: PointerEvent) {
        const s = start.current;
        if (!s || e.pointerId !== s.id) return;
        const dx = e.clientX - s.x;
        const dy = e.clientY - s.y;
        if (Math.abs(dx) > SLOP_PX || Math.abs(dy) > SLOP_PX) clearTimer();
        // Vertical movement is a scroll: let the list have it.
        if (Math.abs(dy) > Math.abs(dx)) return setOffset(0);
        if (onSwipeLeft) setOffset(Math.min(0, dx));
      },
      onPointerUp(e: PointerEvent) {
        const s = start.current;
        if (s && e.pointerId === s.id && onSwipeLeft && e.clientX - s.x <= -SWIPE_PX) onSwipeLeft();
        end();
      },
      onPointerCancel: end,
    },
  };
}
