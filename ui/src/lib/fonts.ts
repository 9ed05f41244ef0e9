// The UI's own font (app.css; index.html preloads its files). Both weights are asked for as
// the script starts, so the first screen is drawn with them rather than with nothing: the
// font's display is `block`, and text waits for it.

const FAMILY = '"AutoInvoice Sans"';
let loading: Promise<void> | null = null;

/** Starts loading both weights (once) and settles when they are in, or failed: the fallback
 * fonts then draw, and nothing waits longer. */
export function uiFontsLoaded(): Promise<void> {
  if (!loading) {
    const fonts = typeof document === 'undefined' ? undefined : document.fonts;
    loading = fonts
      ? Promise.all([fonts.load(`400 1em ${FAMILY}`), fonts.load(`700 1em ${FAMILY}`)]).then(
          () => undefined,
          () => undefined,
        )
      : Promise.resolve();
  }
  return loading;
}
