// Which months of the revenue chart carry a label under their bar. Past eight bars the labels
// ("févr. 26", "sept. 26") no longer fit side by side, so every other one is shown, always
// including the latest month; each bar's tooltip still names its own.
export const ALL_LABELS_UP_TO = 8;

export function showsMonthLabel(index: number, count: number): boolean {
  if (count <= ALL_LABELS_UP_TO) return true;
  return (count - 1 - index) % 2 === 0;
}

/** The chart's months: the `count` months up to `today`'s (YYYY-MM-DD), oldest first, each
 * with its revenue or none, so that one busy month is one bar among a year's, not a block
 * across the whole chart. `months` holds only the months with revenue (YYYY-MM). */
export function monthWindow<M extends { month: string; revenue: string }>(
  months: readonly M[],
  today: string,
  count = 13,
): { month: string; revenue: string }[] {
  const byMonth = new Map(months.map((m) => [m.month, m.revenue]));
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => {
    const at = year * 12 + month - (count - 1 - i);
    const key = `${Math.floor(at / 12)}-${String((at % 12) + 1).padStart(2, '0')}`;
    return { month: key, revenue: byMonth.get(key) ?? '0' };
  });
}
