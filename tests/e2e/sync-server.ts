// Starts `npm start`'s server (the built app + the local Supabase stand-in, throwaway database) for a
// browser test, and stops it afterwards. Both listen on ports the system picks (unless a test names
// them): fixed ports collided when two specs, or two runs of the suite, started servers at once, and a
// spec then talked to the other's server, which went away under it.
import { spawn, type ChildProcess } from 'node:child_process';

export interface SyncServer {
  appUrl: string;
  backendUrl: string;
  stop(): Promise<void>;
}

export async function startSyncServer(opts: { appPort?: number; backendPort?: number; jwtExpiry?: number } = {}): Promise<SyncServer> {
  const child: ChildProcess = spawn('npx', ['tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      PORT: String(opts.appPort ?? 0),
      SUPABASE_PORT: String(opts.backendPort ?? 0),
      SUPABASE_EPHEMERAL: '1',
      DIST_DIR: process.env.E2E_DIST ?? 'dist',
      ...(opts.jwtExpiry ? { JWT_EXPIRY: String(opts.jwtExpiry) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  };
  // The server prints where it listens once both ends are up (scripts/start.ts).
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output}`);
    const appUrl = /^App:\s+(http\S+)/m.exec(output)?.[1];
    const backendUrl = /^Backend:\s+(http\S+)/m.exec(output)?.[1];
    if (appUrl && backendUrl) {
      const res = await fetch(`${appUrl}/config.json`).catch(() => null);
      if (res?.ok) return { appUrl, backendUrl, stop };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not start in 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
