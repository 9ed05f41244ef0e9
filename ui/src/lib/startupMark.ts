// Start-up milestones as `performance.mark`s, each recorded once, so the desktop benchmark
// (tests/desktop/bench.rs, BENCH_TIMELINE=1) can say where the launch time goes. Later
// visits record nothing: the page's timeline buffer does not grow over a long session.
import { commands } from './api';
import { uiFontsLoaded } from './fonts';

const seen = new Set<string>();

export function startupMark(name: string): void {
  if (seen.has(name)) return;
  seen.add(name);
  performance.mark(name);
}

let firstShown = false;

/** Once per launch, at the frame after the first screen's content went into the document
 * with the UI's font in (text drawn in a font still loading would be blank): tells the app
 * when (`AUTOINVOICE_STARTUP_TRACE=1` prints it; the benchmark times launches without
 * WebDriver by it). */
export function firstScreenShown(): void {
  if (firstShown) return;
  firstShown = true;
  void uiFontsLoaded().then(() => requestAnimationFrame(() => {
    startupMark('first screen painted');
    const at = performance.timeOrigin + performance.now();
    commands.startupReached({ step: 'first screen painted', at_epoch_ms: at }).catch(() => {
      /* no Tauri host (dev mock): nothing to tell */
    });
  }));
}
