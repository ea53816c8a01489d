// `{{variable}}` templates: detection as the user types, and substitution at run time.

// A name is any printable text without braces ("traveller type", "ville d'arrivée", "item.1"); the
// spaces around it inside the braces are not part of it.
const VARIABLE = /\{\{\s*([^{}\s\p{Cc}](?:[^{}\p{Cc}]*[^{}\s\p{Cc}])?)\s*\}\}/gu;
/** Any `{{…}}` pair, variable or not (`{{}}`, a line break or a brace inside). */
const BRACES = /\{\{[^]*?\}\}/g;
const ONE_VARIABLE = new RegExp(`^${VARIABLE.source}$`, 'u');

/** Variable names in order of first appearance, without duplicates. */
export function extractVariables(template: string): string[] {
  const seen = new Set<string>();
  for (const match of template.matchAll(VARIABLE)) {
    if (match[1]) seen.add(match[1]);
  }
  return [...seen];
}

/**
 * Replace each `{{name}}` with its value. A variable with no value (undefined) is reported in
 * `missing` and left as written, so the user sees what was not filled; an empty string is a value.
 * Values are inserted literally: `$&`, braces and the like in a value are not interpreted.
 */
export function renderTemplate(
  template: string,
  values: Record<string, string | undefined>,
): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = template.replace(VARIABLE, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined) {
      missing.add(name);
      return whole;
    }
    return value;
  });
  return { text, missing: [...missing] };
}

/**
 * Double-braced text that is not a variable, so it would reach the model braces and all: the editor
 * names it before the prompt is saved. Empty braces, braces inside braces, a line break inside.
 */
export function malformedPlaceholders(template: string): string[] {
  const found = new Set<string>();
  for (const [whole] of template.matchAll(BRACES)) if (!ONE_VARIABLE.test(whole)) found.add(whole);
  return [...found];
}
