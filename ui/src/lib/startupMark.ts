// Start-up milestones as `performance.mark`s, each recorded once, so the desktop benchmark
// (tests/desktop/bench.rs, BENCH_TIMELINE=1) can say where the launch time goes. Later
// visits record nothing: the page's timeline buffer does not grow over a long session.
const seen = new Set<string>();

export function startupMark(name: string): void {
  if (seen.has(name)) return;
  seen.add(name);
  performance.mark(name);
}
