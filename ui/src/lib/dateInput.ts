// Dates typed in the app's language rather than the system's: `05/03/2026` in French and in
// English (en-GB, the order the app prints), ISO `2026-03-05` accepted too. The value kept is
// always ISO `YYYY-MM-DD`. Pure (tested).

/** `2026-03-05` → `05/03/2026`; anything else → ''. */
export function isoToInput(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** What a person typed → ISO, '' for an empty field, null when it is no real date.
 * Day first (`5/3/2026`, `05.03.26`, `5-3-2026`), or ISO. Two-digit years are 20YY. */
export function inputToIso(text: string): string | null {
  const s = text.trim();
  if (s === '') return '';
  let y: number, mo: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const dmy = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2}|\d{4})$/.exec(s);
  if (iso) [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) {
    [d, mo, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
    if (dmy[3].length === 2) y += 2000;
  } else return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || y > 2999 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p(mo)}-${p(d)}`;
}
