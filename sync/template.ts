// `{{variable}}` templates: detection as the user types, and substitution at run time.

const VARIABLE = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

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
