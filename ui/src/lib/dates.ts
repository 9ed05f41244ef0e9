// Calendar-date arithmetic on `YYYY-MM-DD` strings (no money here).

export function addDays(date: string, days: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}

/** The due date the terms give: issue date (or today for a draft) + terms days. */
export function dueFromTerms(issueDate: string | null | undefined, today: string, terms: number | null | undefined): string | null {
  if (terms === null || terms === undefined) return null;
  return addDays(issueDate || today, terms);
}

/** Today's calendar date in local time, `YYYY-MM-DD`. */
export function localToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
