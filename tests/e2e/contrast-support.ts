// The contrast check of the browser tests (WCAG 2.x AA): axe-core's text contrast (4.5:1, 3:1 for large text),
// plus what axe leaves out: the 3:1 of non-text parts (1.4.11): the edges of text fields and selects, icons
// that are a control's only content, and the focus ring, checked on each control a Tab key reaches.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';

/** axe-core's own build, put into a page once per document (not once per check, as AxeBuilder does). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** In the page: takes its finite animations and transitions to their end at once (a focus ring's colour
 *  fades in with the button's colour transition; a dialog fades in): what is measured is what stays on screen. */
function finishAnimations(): void {
  for (const a of document.getAnimations()) if (a.effect?.getComputedTiming().endTime !== Infinity) a.finish();
}

export async function settle(page: Page): Promise<void> {
  await page.evaluate(finishAnimations);
}

/** Axe's text contrast over the page as it is now (open dialogs, menus, toasts included), as readable lines. */
export async function textContrastProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // Only what is reported comes back: the rule's passes (every piece of text) are not sent over.
  const results = await page.evaluate(
    () => (window as unknown as { axe: { run(o: object): Promise<AxeResults> } }).axe.run({ runOnly: ['color-contrast'], resultTypes: ['violations', 'incomplete'], iframes: false }),
  );
  const lines = results.violations.flatMap((v) => v.nodes.map((n) => `text: ${n.target.join(' ')}: ${n.failureSummary?.split('\n').at(-1)?.trim()}`));
  // Axe says "needs review" where it cannot tell the background: text over an image or a gradient (the app
  // has none), or text whose lines lie over different elements (a dialog's paragraph over the page behind
  // the overlay). Those are measured here against their own and their ancestors' backgrounds.
  const unsure = results.incomplete.flatMap((v) => v.nodes.map((n) => String(n.target.at(-1))));
  const measured = await page.evaluate(pageChecks, { mode: 'text' as const, selectors: unsure });
  return [...lines, ...measured];
}

/** In the page: the 3:1 checks of text-field and select edges and icon-only controls, as readable lines.
 *  In 'focus' mode, the focused element's ring only; in 'text' mode, the text of the elements named. Colours are read through a canvas, so any CSS colour
 *  syntax the browser supports (oklch, color-mix) is measured as drawn. */
function pageChecks({ mode, selectors = [] }: { mode: 'parts' | 'focus' | 'text'; selectors?: string[] }): string[] {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r!, g!, b!, a! / 255];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const luminance = ([r, g, b]: Rgba) => {
    const lin = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (a: Rgba, b: Rgba) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };
  /** The colour behind an element: its ancestors' backgrounds, composited up to the page's. */
  const backdrop = (el: Element | null): Rgba => {
    const layers: Rgba[] = [];
    for (let node = el; node; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    return layers.reduceRight<Rgba>((below, layer) => over(layer, below), parse(getComputedStyle(document.documentElement).backgroundColor) as Rgba);
  };
  const page = (): Rgba => {
    const root = parse(getComputedStyle(document.documentElement).backgroundColor);
    return root[3] > 0 ? root : [255, 255, 255, 1];
  };
  const own = (el: Element, behind: Rgba): Rgba => over(parse(getComputedStyle(el).backgroundColor), behind);
  const name = (el: Element) =>
    `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
  const shown = (el: Element) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && Number(s.opacity) > 0 && !el.closest('[inert], [aria-hidden="true"]');
  };
  const fmt = (n: number) => n.toFixed(2);
  const problems: string[] = [];
  const base = over(backdrop(document.body), page());

  if (mode === 'text') {
    for (const selector of selectors) {
      const el = document.querySelector(selector);
      if (!el || !shown(el)) continue;
      const s = getComputedStyle(el);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      const behind = own(el, over(backdrop(el.parentElement), base));
      const r = ratio(over(parse(s.color), behind), behind);
      if (r < (large ? 3 : 4.5)) problems.push(`text: ${selector} ${fmt(r)}:1 (axe could not tell; measured against its backgrounds)`);
    }
    return problems;
  }

  if (mode === 'focus') {
    const focused = document.activeElement;
    // A visually hidden radio or checkbox shows its focus on its label.
    const el = focused && !shown(focused) ? focused.closest('label') : focused;
    if (!el || el === document.body || !shown(el)) return problems;
    const s = getComputedStyle(el);
    const behind = over(backdrop(el.parentElement), base);
    const width = parseFloat(s.outlineWidth);
    if (s.outlineStyle === 'none' || width < 1) {
      // A ring drawn as a box-shadow (Radix-style) would be read here; the app draws outlines.
      if (!/\d+px \d+px 0px [1-9]/.test(s.boxShadow)) problems.push(`focus: ${name(el)} shows no focus ring`);
      return problems;
    }
    const ring = over(parse(s.outlineColor), behind);
    const r = ratio(ring, behind);
    if (r < 3) problems.push(`focus: ${name(el)} ring ${fmt(r)}:1 against what is behind it`);
    // A ring drawn outside the element is cut off by a scrolling or clipping ancestor it touches.
    const out = parseFloat(s.outlineOffset) + width;
    const box = el.getBoundingClientRect();
    const sides = { top: box.top - out, bottom: box.bottom + out, left: box.left - out, right: box.right + out };
    const cut = new Set<string>();
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const clip = node.getBoundingClientRect();
      if (sides.top + width <= clip.top) cut.add('top');
      if (sides.bottom - width >= clip.bottom) cut.add('bottom');
      if (sides.left + width <= clip.left) cut.add('left');
      if (sides.right - width >= clip.right) cut.add('right');
    }
    if (cut.size > 0) problems.push(`focus: ${name(el)} ring cut off (${[...cut].join(', ')}) by a scrolling container`);
    return problems;
  }

  for (const el of document.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=file]), select, textarea')) {
    if (!shown(el) || (el as HTMLInputElement).disabled || el.closest('.sr-only')) continue;
    const s = getComputedStyle(el);
    const behind = over(backdrop(el.parentElement), base);
    const fill = own(el, behind);
    const edge = parseFloat(s.borderBottomWidth) > 0 ? over(parse(s.borderBottomColor), behind) : fill;
    const best = Math.max(ratio(edge, behind), ratio(edge, fill), ratio(fill, behind));
    if (best < 3) problems.push(`edge: ${name(el)} ${fmt(best)}:1 (a field's edge needs 3:1 against what is around it)`);
  }
  for (const el of document.querySelectorAll('button, a[href], [role=button], [role=menuitem], [role=tab]')) {
    if (!shown(el) || (el as HTMLButtonElement).disabled || el.getAttribute('aria-disabled') === 'true') continue;
    const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE ? n.textContent!.trim() : n instanceof Element && !n.matches('svg, .sr-only') && n.textContent!.trim() && shown(n));
    const icon = el.querySelector('svg');
    if (text || !icon || !shown(icon)) continue;
    const behind = own(el, over(backdrop(el.parentElement), base));
    const colour = over(parse(getComputedStyle(icon).color), behind);
    const r = ratio(colour, behind);
    if (r < 3) problems.push(`icon: ${name(el)} ${fmt(r)}:1 (an icon-only control needs 3:1)`);
  }
  return problems;
}

/** The 3:1 checks of field edges and icon-only controls over the page as it is now. */
export async function partContrastProblems(page: Page): Promise<string[]> {
  return page.evaluate(pageChecks, { mode: 'parts' as const });
}

/** Tab through the page (at most `max` stops, or until focus comes back round) and check each focus ring:
 *  one call into the page per stop (where focus is, its animations ended, its ring measured). */
export async function focusRingProblems(page: Page, max = 60): Promise<string[]> {
  // The checks go into the page once per walk, not with each of its stops (Playwright's evaluate sends a
  // function's source the same way).
  await page.evaluate(`window.__contrastChecks = ${pageChecks.toString()}; window.__finishAnimations = ${finishAnimations.toString()}`);
  const problems = new Set<string>();
  const seen = new Set<string>();
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { where: '', problems: [] as string[] };
      const r = el.getBoundingClientRect();
      const where = `${el.tagName}:${el.getAttribute('aria-label') ?? el.textContent?.slice(0, 30)}:${Math.round(r.x)},${Math.round(r.y)}`;
      // What is measured is what stays on screen: the ring's colour fade is taken to its end, not waited for.
      const inPage = window as unknown as { __contrastChecks: typeof pageChecks; __finishAnimations: typeof finishAnimations };
      inPage.__finishAnimations();
      return { where, problems: inPage.__contrastChecks({ mode: 'focus' }) };
    });
    if (stop.where && seen.has(stop.where)) break;
    seen.add(stop.where);
    for (const problem of stop.problems) problems.add(problem);
  }
  return [...problems];
}

/** Every contrast problem of the page as it is now: text, field edges, icons; with `focus`, the rings too. */
export async function contrastProblems(page: Page, where: string, { focus = false } = {}): Promise<string[]> {
  await settle(page);
  const all = [...(await textContrastProblems(page)), ...(await partContrastProblems(page)), ...(focus ? await focusRingProblems(page) : [])];
  return all.map((line) => `${where}: ${line}`);
}
