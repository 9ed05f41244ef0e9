// Which months of the revenue chart carry a label under their bar. Past eight bars the labels
// ("févr. 26", "sept. 26") no longer fit side by side, so every other one is shown, always
// including the latest month; each bar's tooltip still names its own.
export const ALL_LABELS_UP_TO = 8;

export function showsMonthLabel(index: number, count: number): boolean {
  if (count <= ALL_LABELS_UP_TO) return true;
  return (count - 1 - index) % 2 === 0;
}
