// Starts `npm start`'s server (the built app + the local Supabase stand-in, throwaway database) for a
// browser test, and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';

export interface SyncServer {
  appUrl: string;
  backendUrl: string;
  stop(): Promise<void>;
}

export async function startSyncServer(opts: { appPort: number; backendPort: number; jwtExpiry?: number }): Promise<SyncServer> {
  const child: ChildProcess = spawn('npx', ['tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      PORT: String(opts.appPort),
      SUPABASE_PORT: String(opts.backendPort),
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
  const appUrl = `http://127.0.0.1:${opts.appPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output}`);
    try {
      const res = await fetch(`${appUrl}/config.json`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not start in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    appUrl,
    backendUrl: `http://127.0.0.1:${opts.backendPort}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}
