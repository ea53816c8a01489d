// The PDF itself, made on the device with pdfmake (layout, line breaking, pages; PDFKit underneath) and
// its fonts: Roboto (regular, medium for bold, italic; its bold italic is the medium) embedded, Courier
// (a PDF standard font: nothing to embed) for code. Loaded only when someone downloads a PDF; the service
// worker precaches it with every chunk, so it works offline.
import pdfMake from 'pdfmake/build/pdfmake';
import courier from 'pdfmake/build/standard-fonts/Courier';
import regular from 'pdfmake/build/fonts/Roboto/Roboto-Regular.ttf?inline';
import medium from 'pdfmake/build/fonts/Roboto/Roboto-Medium.ttf?inline';
import italic from 'pdfmake/build/fonts/Roboto/Roboto-Italic.ttf?inline';
import { runsPdfDocument, type RunForPdf } from './runs-pdf-document';

let ready = false;

function setUp(): void {
  if (ready) return;
  const base64 = (dataUrl: string) => dataUrl.slice(dataUrl.indexOf(',') + 1);
  pdfMake.addFontContainer(courier);
  pdfMake.addVirtualFileSystem({ 'Roboto-Regular.ttf': base64(regular), 'Roboto-Medium.ttf': base64(medium), 'Roboto-Italic.ttf': base64(italic) });
  pdfMake.setFonts({
    Roboto: { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-Medium.ttf' },
    Courier: { normal: 'Courier', bold: 'Courier-Bold', italics: 'Courier-Oblique', bolditalics: 'Courier-BoldOblique' },
  });
  // Nothing in a conversation may make the PDF fetch anything (an image URL in a reply, say).
  pdfMake.setUrlAccessPolicy?.(() => false);
  ready = true;
}

export function makeRunsPdf(runs: readonly RunForPdf[]): Promise<Blob> {
  setUp();
  return pdfMake.createPdf(runsPdfDocument(runs)).getBlob();
}
