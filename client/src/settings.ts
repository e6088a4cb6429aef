/**
 * The numeric settings with a floor, enforced here as well as in package.json: the manifest's
 * `minimum` only guides the settings editor, a hand-written settings.json (or a workspace's)
 * can say anything — `health.safetyNetSeconds: 0` would list containers without pause.
 * `test/manifest.test.ts` checks this table against package.json.
 */
export const NUMBER_SETTINGS = {
  'start.timeoutSeconds': { default: 180, minimum: 5 },
  'health.safetyNetSeconds': { default: 60, minimum: 10 },
  'recovery.graceSeconds': { default: 60, minimum: 1 },
  'recovery.maxAttempts': { default: 3, minimum: 1 },
  'recovery.backoffSeconds': { default: 30, minimum: 1 },
} as const;

export type NumberSetting = keyof typeof NUMBER_SETTINGS;

/** A setting's value as the extension uses it: the default when missing or not a number, never below the minimum. */
export function numberSetting(key: NumberSetting, raw: unknown): number {
  const spec = NUMBER_SETTINGS[key];
  const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : spec.default;
  return Math.max(spec.minimum, value);
}
