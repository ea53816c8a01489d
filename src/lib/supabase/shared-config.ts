// The runtime config as the service worker reads it: the copy runtime-config.ts mirrors into the shared
// store. Static imports only: the worker is a classic script, where a dynamic import() cannot run.
import { parseConfig, type RuntimeConfig } from './runtime-config';
import { readShared, SHARED_CONFIG_KEY } from './shared-auth-store';

/** The config the app last loaded; null when none, or not valid. */
export async function readSharedConfig(): Promise<RuntimeConfig | null> {
  const raw = await readShared(SHARED_CONFIG_KEY);
  if (raw === null) return null;
  try {
    const parsed = parseConfig(JSON.parse(raw));
    return parsed.ok ? parsed.data : null;
  } catch {
    return null;
  }
}
