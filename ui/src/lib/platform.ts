// Marks the page with the platform whose fonts it should ask for, before anything is drawn.
//
// On Linux the web view (WebKitGTK) resolves each family of a CSS font stack through
// fontconfig, and a family that is not installed is not cheap: for each weight and size it
// checks every alias fontconfig offers (about a hundred matches each). The cross-platform
// stack (Segoe UI, Roboto, …) cost the first screen some 12,000 matches, a tenth of a
// second. On Linux the generic families name the fonts the desktop is set up with (after the
// UI's own font, app.css: they draw only what it lacks).
export function applyPlatform(): void {
  const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  if (/Linux/.test(ua) && !/Android/.test(ua)) document.documentElement.dataset.platform = 'linux';
}
