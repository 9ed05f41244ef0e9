// The periods a report is asked for: the presets an accountant picks (a year, a quarter, a
// month, this one or the one before), as ISO days, both included. Pure; `today` is
// YYYY-MM-DD in the user's calendar.

export type PeriodPreset = 'this_year' | 'last_year' | 'this_quarter' | 'last_quarter' | 'this_month' | 'last_month';
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['this_year', 'last_year', 'this_quarter', 'last_quarter', 'this_month', 'last_month'];

export type Span = { from: string; to: string };

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month1: number): number {
  // Day 0 of the next month is the last of this one (UTC: no time-zone shift).
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

/** Months `first`..`first + count - 1` counted from January of `year` (may run over years). */
function months(year: number, first0: number, count: number): Span {
  const startY = year + Math.floor(first0 / 12);
  const startM = ((first0 % 12) + 12) % 12;
  const end0 = first0 + count - 1;
  const endY = year + Math.floor(end0 / 12);
  const endM = ((end0 % 12) + 12) % 12;
  return {
    from: `${startY}-${pad(startM + 1)}-01`,
    to: `${endY}-${pad(endM + 1)}-${pad(lastDay(endY, endM + 1))}`,
  };
}

export function presetSpan(preset: PeriodPreset, today: string): Span {
  const year = Number(today.slice(0, 4));
  const month0 = Number(today.slice(5, 7)) - 1;
  const quarter0 = month0 - (month0 % 3);
  switch (preset) {
    case 'this_year':
      return months(year, 0, 12);
    case 'last_year':
      return months(year - 1, 0, 12);
    case 'this_quarter':
      return months(year, quarter0, 3);
    case 'last_quarter':
      return months(year, quarter0 - 3, 3);
    case 'this_month':
      return months(year, month0, 1);
    case 'last_month':
      return months(year, month0 - 1, 1);
  }
}

/** The preset a span is, if it is one (the picker shows it selected). */
export function presetOf(span: Span, today: string): PeriodPreset | null {
  return PERIOD_PRESETS.find((p) => {
    const s = presetSpan(p, today);
    return s.from === span.from && s.to === span.to;
  }) ?? null;
}

/** A share of a whole for a drawing (0–100), from the exact decimal strings. */
export function percentOf(part: string, whole: string): number {
  const w = Math.abs(Number(whole));
  if (!w) return 0;
  return Math.min(100, (Math.abs(Number(part)) / w) * 100);
}
