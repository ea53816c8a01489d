// A throwaway cluster outlives no owner: its server stops and its files go within seconds of the process
// that started it being killed outright (no 'exit' handler runs then).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findPgBin } from './cluster';

const here = dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'cluster-owner-'));
let leftover: { dataDir: string; root: string } | null = null;

afterAll(() => {
  // Should the watch fail, stop the server here so the test leaves nothing running.
  if (leftover && existsSync(join(leftover.dataDir, 'postmaster.pid'))) {
    const pgCtl = join(findPgBin()!, 'pg_ctl');
    const argv = [pgCtl, '-D', leftover.dataDir, '-m', 'immediate', '-w', 'stop'];
    const [file, args] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0]!, argv.slice(1)];
    spawnSync(file, args, { stdio: 'ignore' });
  }
  if (leftover) rmSync(leftover.root, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!findPgBin())('a throwaway cluster', () => {
  it('stops and is removed when the process that started it is killed outright', async () => {
    const script = join(scratch, 'owner.mts');
    writeFileSync(script, `import { startCluster } from ${JSON.stringify(resolve(here, 'cluster.ts'))};
const cluster = await startCluster();
console.log('data', cluster.dataDir);
setInterval(() => undefined, 1_000);
`);
    const owner = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    owner.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!/data (\S+)/.test(output)) {
      if (Date.now() > deadline || owner.exitCode !== null) throw new Error(`the cluster did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const dataDir = /data (\S+)/.exec(output)![1]!;
    leftover = { dataDir, root: dirname(dataDir) };
    const serverPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(alive(serverPid)).toBe(true);

    owner.kill('SIGKILL');
    await expect.poll(() => alive(serverPid), { timeout: 15_000, interval: 250 }).toBe(false);
    await expect.poll(() => existsSync(leftover!.root), { timeout: 5_000, interval: 250 }).toBe(false);
  }, 60_000);
});
