import { Loader2 } from 'lucide-react';

/**
 * Placeholder while a lazy route or its data loads; fills the page so nothing jumps when it arrives. The icon
 * turns only once the wait passes a second (see index.css). The spin is on an HTML wrapper, not the SVG: a CSS
 * animation on an SVG element repaints on the main thread every frame (Lighthouse counted seconds of it as
 * blocking time during start-up), an HTML element's runs on the compositor; in steps, like spinner.tsx.
 */
export function PageLoading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="flex flex-1 items-center justify-center p-8 text-slate-500" role="status">
      <span className="mr-2 inline-flex motion-safe:animate-spin-after-wait" aria-hidden="true">
        <Loader2 className="size-4" aria-hidden="true" />
      </span>
      {label}
    </div>
  );
}
