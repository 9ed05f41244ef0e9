// Draws a PDF (base64 from Rust) page by page on canvases with pdf.js. pdf.js and its worker
// are bundled and loaded on first use, so they cost nothing at start-up.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

type PdfJs = typeof import('pdfjs-dist');
let pdfjs: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  if (!pdfjs) {
    pdfjs = import('pdfjs-dist').then((m) => {
      m.GlobalWorkerOptions.workerSrc = workerUrl;
      return m;
    });
  }
  return pdfjs;
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Renders every page of the PDF into fresh canvases, `width` CSS pixels wide. */
export async function renderPdf(bytes: Uint8Array, width: number): Promise<HTMLCanvasElement[]> {
  const lib = await loadPdfJs();
  const doc = await lib.getDocument({ data: bytes }).promise;
  const ratio = window.devicePixelRatio || 1;
  const canvases: HTMLCanvasElement[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: (width / base.width) * ratio });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
      canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
      await page.render({ canvas, viewport }).promise;
      canvases.push(canvas);
    }
  } finally {
    void doc.destroy();
  }
  return canvases;
}
