// "History" of a run's name and description: each saved change with its time and device, a diff, and
// "Restore this version".
import { useState } from 'react';
import { History } from 'lucide-react';
import type { Run } from '@sync/model';
import { describeRun, renameRun } from '@sync/store/runs';
import { useDb } from '@/lib/data/db-context';
import { useRunVersions } from '@/lib/data/use-organize';
import { Button } from '@/components/ui/button';
import { VersionHistoryDialog } from './version-history';

const fields = (s: { name: string; description: string }) => ({ Name: s.name, Description: s.description });

export function RunHistoryButton({ run, onRestored }: { run: Run; onRestored?: (run: Run) => void }) {
  const db = useDb();
  const [open, setOpen] = useState(false);
  const versions = useRunVersions(open ? run.id : null);
  const restore = async (id: string) => {
    const version = versions?.find((v) => v.id === id);
    if (!version) return 'That version is not on this device.';
    let now = run;
    // Only what differs is written, so restoring a name is one edit (and one new version).
    if (version.snapshot.name !== now.name) {
      const result = await renameRun(db, run.id, version.snapshot.name);
      if (!result.ok) return result.error.message;
      now = result.value;
    }
    if (version.snapshot.description !== now.description) {
      const result = await describeRun(db, run.id, version.snapshot.description);
      if (!result.ok) return result.error.message;
      now = result.value;
    }
    onRestored?.(now);
    return null;
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <History className="size-4" aria-hidden="true" /> History
      </Button>
      <VersionHistoryDialog
        title={`History of “${run.name}”`}
        open={open}
        onOpenChange={setOpen}
        versions={versions?.map((v) => ({ id: v.id, created_at: v.created_at, device_name: v.device_name, fields: fields(v.snapshot) }))}
        current={fields(run)}
        onRestore={restore}
      />
    </>
  );
}
