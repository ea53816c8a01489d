import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { baselineTree } from '../bench/support/baseline-app';

const saved = process.env.TMPDIR;
let temp = '';
afterEach(() => {
  process.env.TMPDIR = saved;
  rmSync(temp, { recursive: true, force: true });
});

it("a baseline tree kept from a checkout that is gone links this checkout's node_modules again", () => {
  temp = mkdtempSync(join(tmpdir(), 'baseline-tree-'));
  process.env.TMPDIR = temp;
  const commit = 'feedfacefeedfacefeedfacefeedfacefeedface';
  const dir = join(temp, 'prompt-runs-bench-baseline', commit.slice(0, 12));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{}');
  symlinkSync(join(temp, 'removed-worktree', 'node_modules'), join(dir, 'node_modules'), 'dir');
  const root = resolve('.');
  expect(baselineTree(root, commit)).toBe(dir);
  expect(readlinkSync(join(dir, 'node_modules'))).toBe(join(root, 'node_modules'));
  expect(existsSync(join(dir, 'node_modules', 'vite'))).toBe(true);
});
