/**
 * Real PNG files made in code: signature, IHDR, one zlib-compressed IDAT, IEND, each chunk with
 * its CRC-32. 8-bit RGB, no interlace: every browser and image tool reads them.
 */
import zlib from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export type Rgb = readonly [number, number, number];

/** A PNG of `width` x `height` whose pixel (x, y) has the colour `pixel(x, y)`. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError('A PNG needs a positive whole width and height.');
  }
  const stride = 1 + width * 3;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = y * stride + 1 + x * 3;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour RGB
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

const pictureCache = new Map<string, Buffer>();

/**
 * A product picture: a diagonal gradient between two colours derived from `hue` (0..1), with a
 * lighter square in the middle, so that neighbouring products look different.
 */
export function productPicture(hue: number, size = 32): Buffer {
  // 360 hues (one per degree) are plenty to tell products apart; each is encoded once.
  const degree = Math.floor((((hue % 1) + 1) % 1) * 360);
  const key = `${degree}:${size}`;
  let png = pictureCache.get(key);
  if (!png) {
    png = drawPicture(degree / 360, size);
    pictureCache.set(key, png);
  }
  return png;
}

function drawPicture(hue: number, size: number): Buffer {
  const from = hslToRgb(hue % 1, 0.65, 0.45);
  const to = hslToRgb((hue + 0.12) % 1, 0.7, 0.7);
  const inner = hslToRgb(hue % 1, 0.35, 0.9);
  const lo = Math.floor(size / 3);
  const hi = size - lo;
  return encodePng(size, size, (x, y) => {
    if (x >= lo && x < hi && y >= lo && y < hi) return inner;
    const t = (x + y) / (2 * (size - 1));
    return [
      Math.round(from[0] + (to[0] - from[0]) * t),
      Math.round(from[1] + (to[1] - from[1]) * t),
      Math.round(from[2] + (to[2] - from[2]) * t),
    ];
  });
}
