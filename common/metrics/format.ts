/** How the CLI and the dashboard write a figure, the same way in both. */

export function percent(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(ratio === 1 ? 0 : 2)}%`;
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return m < 60 ? `${m} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Exits by code, "3 × 2, 137 × 1", or a dash when there was none. */
export function exitCodes(exits: Record<string, number>): string {
  return (
    Object.entries(exits)
      .map(([code, count]) => `${code} × ${count}`)
      .join(', ') || '—'
  );
}
