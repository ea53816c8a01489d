import { Loader2 } from 'lucide-react';

/** Placeholder while a lazy route or its data loads; fills the page so nothing jumps when it arrives. */
export function PageLoading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="flex flex-1 items-center justify-center p-8 text-slate-500" role="status">
      <Loader2 className="mr-2 size-4 animate-spin" aria-hidden="true" />
      {label}
    </div>
  );
}
