// Helpers of the runs-library browser tests: make runs through the real runner with the fast Echo model.
import { expect, type Page } from '@playwright/test';

export const FREE_CHAT = '00000000-0000-4000-8000-000000000003';

/** Start a new run of "Free chat" with these messages (each gets its Echo reply); returns its URL. */
export async function makeRun(page: Page, ...messages: string[]): Promise<string> {
  await page.goto(`/ai/prompts/run/${FREE_CHAT}`, { waitUntil: 'domcontentloaded' });
  const fresh = page.getByRole('button', { name: 'Start fresh' });
  const box = page.getByRole('textbox', { name: 'Message' });
  await expect(fresh.or(box)).toBeVisible({ timeout: 30_000 }); // a loaded shared machine can be slow to open a prompt
  if (await fresh.isVisible()) await fresh.click();
  for (const text of messages) {
    await box.fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    // The reply is complete when its timing line appears.
    await expect(page.getByRole('article', { name: /assistant message/i }).last()).toContainText(`Echo: ${text.slice(0, 12)}`);
    await expect(page.getByRole('article', { name: /assistant message/i }).last()).toContainText('total');
  }
  await expect(page).toHaveURL(/\/ai\/prompts\/run\/[^/]+\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('status', { name: 'Save status' })).not.toContainText(/Saving|Not saved/);
  return page.url();
}

export async function fastEcho(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '5'));
}

/** Axe violations a user would feel (serious or critical), as readable lines. */
export function severe(results: { violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown }> }> }): string[] {
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}
