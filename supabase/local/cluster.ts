// A PostgreSQL cluster from the system's binaries: throwaway (temp dir, removed on stop) or kept in a
// data directory. It listens on a unix socket only, so parallel test files never fight over a TCP port.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Cluster {
  /** Directory holding the unix socket (pg's `host`). */
  socketDir: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /** For process 'exit' handlers, which cannot await. */
  stopSync(): void;
}

export interface ClusterOptions {
  /** Keep data here across restarts; omitted = a temp dir removed on stop. */
  dataDir?: string;
  /** Names the socket file (`.s.PGSQL.<port>`); no TCP port is opened. */
  port?: number;
}

const PG_BIN_CANDIDATES = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

/** Finds initdb/pg_ctl: PG_BIN, then Debian's versioned directories. */
export function findPgBin(): string | null {
  const candidates = process.env['PG_BIN'] ? [process.env['PG_BIN'], ...PG_BIN_CANDIDATES] : PG_BIN_CANDIDATES;
  return candidates.find((dir) => existsSync(join(dir, 'pg_ctl'))) ?? null;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** PostgreSQL refuses to run as root, so as root every server command runs as user postgres. */
async function pgCommand(bin: string, args: string[]): Promise<void> {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  await run(file, argv, { maxBuffer: 8 * 1024 * 1024 });
}

function handOver(dir: string): void {
  if (!isRoot()) return;
  const { uid, gid } = postgresIds();
  chownSync(dir, uid, gid);
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = findPgBin();
  if (!bin) {
    throw new Error('No PostgreSQL binaries found (looked in PG_BIN and /usr/lib/postgresql/*/bin). Install postgresql.');
  }
  const throwaway = !options.dataDir;
  const root = options.dataDir ?? mkdtempSync(join(tmpdir(), 'prompt-runs-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  mkdirSync(socketDir, { recursive: true });
  handOver(root);
  handOver(socketDir);
  const port = options.port ?? 50000 + Math.floor(Math.random() * 10000);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await pgCommand(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C.UTF-8']);
  }
  // Durability is pointless for a dev/test database; these settings halve start-up and test time.
  const settings = [
    `listen_addresses=''`, `unix_socket_directories='${socketDir}'`, `port=${port}`, 'fsync=off',
    'synchronous_commit=off', 'full_page_writes=off', 'max_connections=40', 'shared_buffers=32MB',
    `timezone='UTC'`, 'log_min_messages=warning',
  ];
  writeFileSync(join(dataDir, 'postgresql.auto.conf'), settings.join('\n') + '\n');
  handOver(join(dataDir, 'postgresql.auto.conf'));
  const logFile = join(root, 'server.log');
  // A kept data dir may still have a server from a run that was killed outright: stop it first.
  if (!throwaway && existsSync(join(dataDir, 'postmaster.pid'))) {
    await pgCommand(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
  }
  await pgCommand(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']).catch((error: unknown) => {
    throw new Error(`PostgreSQL did not start (log: ${logFile}): ${String(error)}`);
  });

  // A throwaway cluster can just be killed; a kept one shuts down cleanly (checkpoint first).
  const mode = throwaway ? 'immediate' : 'fast';
  watchOwner(bin, dataDir, throwaway ? root : null, mode);
  let stopped = false;
  let removed = !throwaway;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    rmSync(root, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  };
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      await pgCommand(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', 'stop']).catch(() => undefined);
    }
    remove();
  };
  // Also covers a process that exits while an async stop() is still under way.
  const stopSync = (): void => {
    if (!stopped) {
      stopped = true;
      const args = [join(bin, 'pg_ctl'), '-D', dataDir, '-m', mode, '-w', 'stop'];
      if (isRoot()) spawnSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' });
      else spawnSync(args[0]!, args.slice(1), { stdio: 'ignore' });
    }
    try {
      remove();
    } catch {
      // Exiting anyway; a leftover temp dir is harmless.
    }
  };
  return { socketDir, port, dataDir, stop, stopSync };
}

/**
 * Stops the server (and removes a throwaway cluster's files) within seconds of this process ending, however
 * it ended. pg_ctl detaches the server, and a process killed outright (SIGKILL, the OOM killer, a test
 * runner's timeout) runs no 'exit' handler: its server ran on with its temp dir, or, killed between stopping
 * the server and removing the files, it left the files. A shell started apart from this process checks every
 * 2 s; it ends by itself once the server is stopped (and a throwaway cluster's files are gone).
 */
function watchOwner(bin: string, dataDir: string, removeRoot: string | null, mode: string): void {
  const script = [
    'while kill -0 "$1" 2>/dev/null && [ -f "$2/postmaster.pid" ]; do sleep 2; done',
    'if [ -f "$2/postmaster.pid" ] && ! kill -0 "$1" 2>/dev/null; then',
    '  if [ "$5" = root ]; then runuser -u postgres -- "$3" -D "$2" -m "$4" -w stop; else "$3" -D "$2" -m "$4" -w stop; fi >/dev/null 2>&1',
    'fi',
    // A throwaway cluster's files go too, also when its process stopped the server and died before removing them.
    '[ -n "$6" ] || exit 0',
    'while kill -0 "$1" 2>/dev/null && [ -d "$6" ]; do sleep 2; done',
    'rm -rf "$6"',
  ].join('\n');
  const args = [String(process.pid), dataDir, join(bin, 'pg_ctl'), mode, isRoot() ? 'root' : 'user', removeRoot ?? ''];
  const watch = spawn('sh', ['-c', script, 'watch-owner', ...args], { detached: true, stdio: 'ignore' });
  watch.on('error', () => undefined); // No sh here: the 'exit' handlers are all there is.
  watch.unref();
}

/** Stops the cluster when the process ends, whatever the reason ('exit' handlers cannot await). */
export function stopOnExit(cluster: Cluster): void {
  process.once('exit', () => cluster.stopSync());
}
