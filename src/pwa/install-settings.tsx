// Settings → Install: the install offer where a phone's header has no room for it (see install-button.tsx).
import { useSyncExternalStore } from 'react';
import { InstallButton } from './install-button';
import { getInstallOffer, subscribeInstall } from './install-state';

export function InstallSettings() {
  const offer = useSyncExternalStore(subscribeInstall, getInstallOffer, () => 'none' as const);
  if (offer === 'none') return null;
  return (
    <section aria-labelledby="install-title" className="flex max-w-md flex-col gap-2">
      <h2 id="install-title" className="text-lg font-semibold">
        Install
      </h2>
      <p className="text-sm text-slate-600">Add prompt-runs to this device’s home screen: it opens full screen and works offline.</p>
      <InstallButton inSettings />
    </section>
  );
}
