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
const leftovers: Array<{ dataDir: string; root: string }> = [];

afterAll(() => {
  // Should the watch fail, stop the server here so the test leaves nothing running.
  for (const { dataDir, root } of leftovers) {
    if (existsSync(join(dataDir, 'postmaster.pid'))) stopServer(dataDir);
    rmSync(root, { recursive: true, force: true });
  }
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

/** Stops the server as its own process would (pg_ctl stop). */
function stopServer(dataDir: string): void {
  const argv = [join(findPgBin()!, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'];
  const [file, args] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0]!, argv.slice(1)];
  spawnSync(file, args, { stdio: 'ignore' });
}

describe.skipIf(!findPgBin())('a throwaway cluster', () => {
  it('is removed when its process stopped the server and was killed before removing the files', async () => {
    const { owner, dataDir } = await startOwner();
    stopServer(dataDir);
    owner.kill('SIGKILL');
    await expect.poll(() => existsSync(dirname(dataDir)), { timeout: 10_000, interval: 250 }).toBe(false);
  }, 60_000);

  it('stops and is removed when the process that started it is killed outright', async () => {
    const { owner, dataDir } = await startOwner();
    const serverPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(alive(serverPid)).toBe(true);

    owner.kill('SIGKILL');
    await expect.poll(() => alive(serverPid), { timeout: 15_000, interval: 250 }).toBe(false);
    await expect.poll(() => existsSync(dirname(dataDir)), { timeout: 5_000, interval: 250 }).toBe(false);
  }, 60_000);
});

/** A process that starts a throwaway cluster and idles. */
async function startOwner() {
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
  leftovers.push({ dataDir, root: dirname(dataDir) });
  return { owner, dataDir };
}
