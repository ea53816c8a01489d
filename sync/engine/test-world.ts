// Test fixture: one fake server and several devices (each its own Dexie database, engine, faulty
// transport and clock) on one hand-moved world time, so every run of a seed replays the same way. A
// device's clock is the world time plus its own skew, which a test may change (a clock set back).
import { afterEach } from 'vitest';
import { PromptRunsDB } from '../db';
import { createDeviceClock, newId, setClockFor, setClockOffset, setTimeSource, type DeviceClock } from '../clock';
import { FakeSyncServer, type FakeServerOptions } from './fake-server';
import { createFakeTransport, type FakeTransport, type FaultRates } from './fake-transport';
import { manualEnvironment } from './environment';
import { seededRandom } from './random';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './sync-engine';

export interface TestDevice {
  name: string;
  db: PromptRunsDB;
  transport: FakeTransport;
  engine: SyncEngine;
  env: ReturnType<typeof manualEnvironment>;
  clock: DeviceClock;
  /** Move this device's clock against the world's (ms ahead; negative: behind), as a person or NTP would. */
  setSkew(ms: number): void;
}

export interface DeviceOptions extends Partial<SyncEngineOptions> {
  /** How far this device's clock is ahead of the world's (ms; negative: behind). */
  skewMs?: number;
  /** The account this device is signed in to (the server's own user when absent). */
  userId?: string;
}

export interface TestWorld {
  server: FakeSyncServer;
  now(): number;
  advance(ms: number): void;
  addDevice(name: string, rates?: FaultRates, extra?: DeviceOptions): TestDevice;
  /** Restore the real clock and close the databases. */
  dispose(): Promise<void>;
}

export function createTestWorld(seed: number, serverOptions: Partial<FakeServerOptions> = {}): TestWorld {
  let now = Date.UTC(2026, 0, 1, 12);
  // Code with no device at hand (test helpers' message times) reads the default clock: the world's time.
  const restoreClock = setTimeSource(() => now);
  setClockOffset(0);
  const server = new FakeSyncServer({ userId: '99999999-0000-4000-8000-000000000000', now: () => now, ...serverOptions });
  const devices: TestDevice[] = [];
  return {
    server,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    addDevice(name, rates = {}, { skewMs = 0, userId, ...extra } = {}) {
      const db = new PromptRunsDB(`sync-test-${name}-${newId()}`);
      let skew = skewMs;
      const clock = createDeviceClock(() => now + skew);
      setClockFor(db, clock);
      const transport = createFakeTransport(userId ? server.as(userId) : server, seededRandom(seed * 7919 + devices.length + 1), rates);
      const env = manualEnvironment(true);
      const engine = createSyncEngine({
        db,
        transport,
        auth: { refresh: () => transport.refreshSession() },
        random: seededRandom(seed * 104729 + devices.length),
        environment: env,
        watchDatabase: false,
        ...extra,
      });
      const device: TestDevice = {
        name, db, transport, engine, env, clock,
        setSkew: (ms) => {
          skew = ms;
        },
      };
      devices.push(device);
      return device;
    },
    async dispose() {
      for (const d of devices) {
        d.engine.stop();
        d.db.close();
      }
      restoreClock();
      setClockOffset(0);
    },
  };
}

/** What a test holds (a world, a lone database), given back after each test of the file that calls this. */
export function heldPerTest(): { world?: TestWorld; db?: PromptRunsDB } {
  const held: { world?: TestWorld; db?: PromptRunsDB } = {};
  afterEach(async () => {
    await held.world?.dispose();
    held.db?.close();
    delete held.world;
    delete held.db;
  });
  return held;
}
