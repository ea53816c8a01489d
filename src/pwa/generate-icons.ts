// Draws the app icons as real PNGs (no image tool needed): `npx tsx src/pwa/generate-icons.ts`.
// The output in public/ is committed; rerun only when the design changes.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const BACKGROUND = [15, 23, 42]; // slate-900, the manifest's theme colour
const ACCENT = [56, 189, 248]; // sky-400
const WHITE = [255, 255, 255];
const SAMPLES = 4; // 4×4 supersampling for smooth edges

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function encodePng(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Colour at a point of the unit square, or null for transparent. `safe` shrinks the glyph into the maskable safe zone. */
function shade(x: number, y: number, rounded: boolean, glyphScale: number): number[] | null {
  const r = 0.2;
  if (rounded) {
    const dx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
    const dy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
    if (dx * dx + dy * dy > r * r) return null;
  }
  // Glyph coordinates centred on the icon, scaled so the maskable variant keeps it inside the 80% safe circle.
  const gx = (x - 0.5) / glyphScale;
  const gy = (y - 0.5) / glyphScale;
  // A speech bubble (rounded box plus a tail) with a play triangle: "run a conversation".
  const bx = Math.max(Math.abs(gx) - 0.26, 0);
  const by = Math.max(Math.abs(gy + 0.03) - 0.17, 0);
  const inBox = bx * bx + by * by < 0.1 * 0.1;
  const inTail = gy > 0.2 && gy < 0.38 && gx > -0.2 && gx < -0.2 + (0.38 - gy) * 0.9;
  if (!inBox && !inTail) return BACKGROUND;
  // Play triangle pointing right, inside the bubble.
  const px = gx + 0.02;
  const py = gy + 0.03;
  const inPlay = px > -0.09 && px < 0.13 && Math.abs(py) < (0.13 - px) * 0.62;
  return inPlay ? ACCENT : WHITE;
}

function drawIcon(size: number, rounded: boolean, glyphScale: number): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const c = shade((x + (sx + 0.5) / SAMPLES) / size, (y + (sy + 0.5) / SAMPLES) / size, rounded, glyphScale);
          if (!c) continue;
          sum[0]! += c[0]!;
          sum[1]! += c[1]!;
          sum[2]! += c[2]!;
          sum[3]! += 1;
        }
      }
      const i = (y * size + x) * 4;
      const covered = sum[3]!;
      rgba[i] = covered ? Math.round(sum[0]! / covered) : 0;
      rgba[i + 1] = covered ? Math.round(sum[1]! / covered) : 0;
      rgba[i + 2] = covered ? Math.round(sum[2]! / covered) : 0;
      rgba[i + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return encodePng(size, rgba);
}

const out = new URL('../../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
const icons: Array<[string, number, boolean, number]> = [
  ['icon-192.png', 192, true, 1],
  ['icon-512.png', 512, true, 1],
  // Maskable: full bleed (the platform applies its own mask) and the glyph inside the safe zone.
  ['maskable-512.png', 512, false, 0.75],
  // iOS draws its own rounded corners and shows transparency as black: full bleed.
  ['apple-touch-icon-180.png', 180, false, 0.9],
  ['favicon-32.png', 32, true, 1.1],
];
for (const [name, size, rounded, scale] of icons) {
  writeFileSync(new URL(name, out), drawIcon(size, rounded, scale));
  console.log(`wrote public/icons/${name}`);
}
