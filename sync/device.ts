// This device as edit versions name it: a random id kept in the database, and a name people recognise
// ("Chrome on Linux"), worked out from the browser.
import type { PromptRunsDB } from './db';
import { newId } from './clock';

const DEVICE_KEY = 'device.id';

export interface DeviceInfo {
  device_id: string;
  device_name: string;
}

/** "Chrome on Android", "Safari on iPhone", "Firefox on Windows"…; "This app" when it cannot tell. */
export function describeUserAgent(ua: string): string {
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\/|Chromium\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const system = /iPhone/.test(ua) ? 'iPhone' : /iPad/.test(ua) ? 'iPad' : /Android/.test(ua) ? 'Android' : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X|Macintosh/.test(ua) ? 'Mac' : /CrOS/.test(ua) ? 'ChromeOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'This app';
}

/** Inside a transaction over `meta`: the device's id (made on first use) and name. */
export async function deviceInfo(db: PromptRunsDB): Promise<DeviceInfo> {
  const stored = await db.meta.get(DEVICE_KEY);
  let id = typeof stored?.value === 'string' ? stored.value : null;
  if (!id) {
    id = newId();
    await db.meta.put({ key: DEVICE_KEY, value: id });
  }
  const ua = (globalThis.navigator as Navigator | undefined)?.userAgent ?? '';
  return { device_id: id, device_name: describeUserAgent(ua) };
}

/** This device's id without making one (reading versions only). */
export async function readDeviceId(db: PromptRunsDB): Promise<string | null> {
  const stored = await db.meta.get(DEVICE_KEY);
  return typeof stored?.value === 'string' ? stored.value : null;
}
