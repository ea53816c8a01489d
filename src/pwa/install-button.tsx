// "Install app" where the browser offers installation: in the header from 640 px (a phone's header has room
// for the nav alone) and in Settings; on iOS Safari the same button opens a short how-to, since iOS only
// installs through Share → Add to Home Screen.
import { useState, useSyncExternalStore } from 'react';
import { Download, Share, X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { dismissIosHint, getInstallOffer, showInstallPrompt, subscribeInstall } from './install-state';

export function InstallButton({ inSettings = false }: { inSettings?: boolean }) {
  const offer = useSyncExternalStore(subscribeInstall, getInstallOffer, () => 'none' as const);
  const [hintOpen, setHintOpen] = useState(false);
  if (offer === 'none') return null;
  if (offer === 'prompt') {
    return (
      <Button variant={inSettings ? 'secondary' : 'ghost'} className={inSettings ? 'self-start' : HEADER} onClick={() => void showInstallPrompt()}>
        <Download className="size-4" aria-hidden="true" />
        <InstallLabel inSettings={inSettings} />
      </Button>
    );
  }
  return (
    <>
      <Button
        variant={inSettings ? 'secondary' : 'ghost'}
        className={inSettings ? 'self-start' : HEADER}
        aria-expanded={hintOpen}
        aria-controls="ios-install-hint"
        onClick={() => setHintOpen((o) => !o)}
      >
        <Download className="size-4" aria-hidden="true" />
        <InstallLabel inSettings={inSettings} />
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

/** In the header: hidden on a phone, an icon to 1024 px, then the words. */
const HEADER = 'max-sm:hidden';

function InstallLabel({ inSettings }: { inSettings: boolean }) {
  if (inSettings) return <>Install app</>;
  return (
    <>
      <span className="hidden lg:inline">Install app</span>
      <span className="sr-only lg:hidden">Install app</span>
    </>
  );
}
