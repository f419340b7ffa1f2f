import { inflateSync } from 'node:zlib';

/**
 * The colour of the top-left pixel of an 8-bit RGB or RGBA PNG (what Chromium's --screenshot writes), as
 * `#rrggbb`. That one pixel needs no unfiltering: every PNG filter predicts it from zeros, so its bytes
 * follow the first row's filter byte unchanged.
 */
export function topLeftColour(png: Buffer): string {
  const chunks: Buffer[] = [];
  let colourType = -1;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      if (data[8] !== 8) throw new Error(`PNG bit depth ${data[8]} is not 8`);
      colourType = data[9]!;
    }
    if (type === 'IDAT') chunks.push(data);
    at += 12 + length;
  }
  if (colourType !== 2 && colourType !== 6) throw new Error(`PNG colour type ${colourType} is not RGB or RGBA`);
  const pixels = inflateSync(Buffer.concat(chunks));
  return `#${pixels.subarray(1, 4).toString('hex')}`;
}
