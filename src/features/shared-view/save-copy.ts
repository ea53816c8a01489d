// "Save a copy": the one moment the shared page opens the reader's own database (the signed-in user's,
// else this device's local one, as the app would pick), writes the copy there, and hands over to the app.
// Loaded on the press only, so a reader who just reads never downloads the app's data layer.
import { getAppAccountController } from '@/lib/account/account-context';
import { saveSharedCopy } from '@sync/share/save-shared-copy';
import type { SharedRunView } from '@sync/share/shared-view';

export async function saveCopyToMyRuns(view: SharedRunView): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  const controller = getAppAccountController();
  await controller.start();
  const { db } = controller.store.getState();
  const saved = await saveSharedCopy(db, view);
  if (!saved.ok) return { ok: false, message: `The copy could not be saved: ${saved.error.message}` };
  return { ok: true, url: `/ai/prompts/run/${saved.value.promptId}/${saved.value.runId}` };
}
