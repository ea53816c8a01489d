// Install offers: Chromium's `beforeinstallprompt` (kept so our own button can show it later) and, on iOS
// Safari, which has no such event, a hint to use Share → Add to Home Screen. Listens from module load, as
// the event may fire before React mounts.
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export type InstallOffer = 'none' | 'prompt' | 'ios-hint';

const IOS_HINT_DISMISSED = 'prompt-runs:ios-install-hint-dismissed';
let deferred: BeforeInstallPromptEvent | null = null;
let installed = false;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export function isStandalone(): boolean {
  const nav = navigator as Navigator & { standalone?: boolean };
  return nav.standalone === true || window.matchMedia?.('(display-mode: standalone)').matches === true;
}

export function isIosSafari(userAgent = navigator.userAgent, touchPoints = navigator.maxTouchPoints): boolean {
  // iPadOS reports itself as a Mac; its touch screen gives it away.
  const ios = /iphone|ipad|ipod/i.test(userAgent) || (/macintosh/i.test(userAgent) && touchPoints > 1);
  // Other iOS browsers (CriOS, FxiOS…) cannot add to the home screen the same way.
  return ios && /safari/i.test(userAgent) && !/crios|fxios|edgios|opios/i.test(userAgent);
}

function iosHintDismissed(): boolean {
  try {
    return localStorage.getItem(IOS_HINT_DISMISSED) === '1';
  } catch {
    return false;
  }
}

export function getInstallOffer(): InstallOffer {
  if (installed || isStandalone()) return 'none';
  if (deferred) return 'prompt';
  return isIosSafari() && !iosHintDismissed() ? 'ios-hint' : 'none';
}

export function subscribeInstall(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export async function showInstallPrompt(): Promise<boolean> {
  const event = deferred;
  if (!event) return false;
  deferred = null;
  notify();
  await event.prompt();
  const { outcome } = await event.userChoice;
  return outcome === 'accepted';
}

export function dismissIosHint(): void {
  try {
    localStorage.setItem(IOS_HINT_DISMISSED, '1');
  } catch {
    // Not remembered; it only comes back next visit.
  }
  notify();
}

if (typeof window !== 'undefined') {
  // An offer made before this code loaded (it loads after the first paint) was kept by index.html.
  const early = (window as Window & { promptRunsInstallPrompt?: Event }).promptRunsInstallPrompt;
  if (early) deferred = early as BeforeInstallPromptEvent;
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault(); // our button offers it instead of the mini-infobar
    deferred = event as BeforeInstallPromptEvent;
    notify();
  });
  window.addEventListener('appinstalled', () => {
    installed = true;
    deferred = null;
    notify();
  });
}
