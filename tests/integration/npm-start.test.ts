// `npm start` as a newcomer runs it: one command serves the built app and the local backend, prints
// both URLs, and the app's /config.json points at a backend that accepts a sign-up.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let child: ChildProcess;
let output = '';
let dist: string;
let appUrl: string;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'prompt-runs-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>prompt-runs</title>');
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, PORT: '0', SUPABASE_PORT: '0', DIST_DIR: dist, SUPABASE_EPHEMERAL: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 45_000;
  while (!/Backend:/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  appUrl = /App:\s+(\S+)/.exec(output)![1]!;
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dist, { recursive: true, force: true });
});

describe('npm start', () => {
  it('prints the app and backend URLs', () => {
    expect(output).toMatch(/App:\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/Backend:\s+http:\/\/127\.0\.0\.1:\d+/);
  });

  it('serves the app, with client-side routes falling back to index.html', async () => {
    const page = await fetch(`${appUrl}/prompts/123/runs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>prompt-runs</title>');
    const asset = await fetch(`${appUrl}/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${appUrl}/missing.png`)).status).toBe(404);
  });

  it('serves /config.json pointing at a live backend where a newcomer can sign up', async () => {
    const res = await fetch(`${appUrl}/config.json`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const config = (await res.json()) as { supabaseUrl: string; supabaseAnonKey: string; realtime?: boolean };
    // The stand-in serves Realtime, so devices hear of each other's changes at once.
    expect(config.realtime).toBe(true);
    const signup = await fetch(`${config.supabaseUrl}/auth/v1/signup`, {
      method: 'POST',
      headers: { apikey: config.supabaseAnonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'newcomer@example.test', password: 'secret-pass-1' }),
    });
    expect(signup.status).toBe(200);
    expect(await signup.json()).toHaveProperty('access_token');
  });
});

describe('npm start against a real Supabase project', () => {
  it('starts no local backend and points /config.json at the project, with Realtime on', async () => {
    const external = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, PORT: '0', DIST_DIR: dist, SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_ANON_KEY: 'anon-key' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    external.stdout?.on('data', (d: Buffer) => (printed += d.toString()));
    external.stderr?.on('data', (d: Buffer) => (printed += d.toString()));
    try {
      const deadline = Date.now() + 30_000;
      while (!/Backend:/.test(printed)) {
        if (Date.now() > deadline || external.exitCode !== null) throw new Error(`npm start did not come up:\n${printed}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(printed).toMatch(/Backend:\s+https:\/\/abc\.supabase\.co/);
      const url = /App:\s+(\S+)/.exec(printed)![1]!;
      expect(await (await fetch(`${url}/config.json`)).json()).toEqual({
        supabaseUrl: 'https://abc.supabase.co', supabaseAnonKey: 'anon-key', realtime: true,
      });
    } finally {
      const exited = new Promise((r) => external.once('exit', r));
      external.kill('SIGTERM');
      await exited;
    }
  });
});

