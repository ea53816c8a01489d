// Which source modules each written chunk holds, as dist/.vite/bundle-modules.json: the built bundle is
// minified, so this is how a check (scripts/checks/bundle-check.ts) tells what shipped.
import { relative } from 'node:path';
import type { Plugin } from 'vite';

export const BUNDLE_REPORT = '.vite/bundle-modules.json';

export type BundleReport = Record<string, string[]>;

export function bundleReport(): Plugin {
  let root = process.cwd();
  return {
    name: 'prompt-runs:bundle-report',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    generateBundle(_options, bundle) {
      const report: BundleReport = {};
      for (const chunk of Object.values(bundle)) {
        // Module ids are absolute paths (or virtual ids, kept as they are) and may carry a query.
        if (chunk.type === 'chunk') report[chunk.fileName] = chunk.moduleIds.map((id) => (id.startsWith('/') ? relative(root, id.split('?')[0]!) : id));
      }
      this.emitFile({ type: 'asset', fileName: BUNDLE_REPORT, source: `${JSON.stringify(report, null, 1)}\n` });
    },
  };
}
