/**
 * The last guard of "never print what a variable interpolates to": messages quote what the user
 * wrote, and this replaces any value a variable gave during interpolation that still reaches a
 * message by the expression that produced it. Short values are left alone: "1" or "db" would
 * turn ordinary words of a message into variable names.
 */
export const MIN_REDACTED_LENGTH = 4;

export function redactValues(message: string, variables: ReadonlyMap<string, string>): string {
  let out = message;
  const longestFirst = [...variables].filter(([, v]) => v.length >= MIN_REDACTED_LENGTH).sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  for (const [name, value] of longestFirst) if (out.includes(value)) out = out.split(value).join(`\${${name}}`);
  return out;
}
