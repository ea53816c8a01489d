// "Install app" in the header where the browser offers installation; on iOS Safari the same button opens
// a short how-to, since iOS only installs through Share → Add to Home Screen.
import { useState, useSyncExternalStore } from 'react';
import { Download, Share, X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { dismissIosHint, getInstallOffer, showInstallPrompt, subscribeInstall } from './install-state';

export function InstallButton() {
  const offer = useSyncExternalStore(subscribeInstall, getInstallOffer, () => 'none' as const);
  const [hintOpen, setHintOpen] = useState(false);
  if (offer === 'none') return null;
  if (offer === 'prompt') {
    return (
      <Button variant="ghost" onClick={() => void showInstallPrompt()}>
        <Download className="size-4" aria-hidden="true" />
        <span className="hidden lg:inline">Install app</span>
        <span className="sr-only lg:hidden">Install app</span>
      </Button>
    );
  }
  return (
    <>
      <Button variant="ghost" aria-expanded={hintOpen} aria-controls="ios-install-hint" onClick={() => setHintOpen((o) => !o)}>
        <Download className="size-4" aria-hidden="true" />
        <span className="hidden lg:inline">Install app</span>
        <span className="sr-only lg:hidden">Install app</span>
      </Button>
      {hintOpen ? (
        <div
          id="ios-install-hint"
          role="region"
          aria-label="Add to Home Screen"
          className="fixed inset-x-2 top-16 z-40 mx-auto flex max-w-sm items-start gap-2 rounded-md border border-slate-300 bg-white p-3 text-sm shadow-lg"
        >
          <p className="flex-1">
            To install prompt-runs, tap <Share className="inline size-4 align-text-bottom" aria-label="Share" /> Share in Safari’s toolbar,
            then <strong>Add to Home Screen</strong>. It then opens full screen and works offline.
          </p>
          <Button
            variant="ghost"
            aria-label="Don’t show again"
            onClick={() => {
              setHintOpen(false);
              dismissIosHint();
            }}
          >
            <X className="size-4" aria-hidden="true" />
          </Button>
        </div>
      ) : null}
    </>
  );
}
