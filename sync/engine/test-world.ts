// Test fixture: one fake server and several devices (each its own Dexie database, engine and faulty
// transport), all on one hand-moved clock, so every run of a seed replays the same way.
import { PromptRunsDB } from '../db';
import { newId, setClockOffset, setTimeSource } from '../clock';
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
}

export interface TestWorld {
  server: FakeSyncServer;
  now(): number;
  advance(ms: number): void;
  addDevice(name: string, rates?: FaultRates, extra?: Partial<SyncEngineOptions>): TestDevice;
  /** Restore the real clock and close the databases. */
  dispose(): Promise<void>;
}

export function createTestWorld(seed: number, serverOptions: Partial<FakeServerOptions> = {}): TestWorld {
  let now = Date.UTC(2026, 0, 1, 12);
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
    addDevice(name, rates = {}, extra = {}) {
      const db = new PromptRunsDB(`sync-test-${name}-${newId()}`);
      const transport = createFakeTransport(server, seededRandom(seed * 7919 + devices.length + 1), rates);
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
      const device = { name, db, transport, engine, env };
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
