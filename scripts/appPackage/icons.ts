import { PNG } from 'pngjs';

/**
 * The app's icons, drawn in code so that they can be regenerated and checked: two overlapping
 * rings (the partner and Microsoft) with the shared part filled, i.e. a co-sell Venn diagram.
 */

/** Brand color: the color icon's background and the manifest's accentColor. */
export const BRAND_COLOR = '#0E7C86';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

interface Ring {
  cx: number;
  cy: number;
  /** Radius of the ring's centre line. */
  r: number;
}

interface Motif {
  size: number;
  rings: readonly [Ring, Ring];
  stroke: number;
}

/** Teams shows the color icon's symbol best at about half the tile; the outline icon fills its box. */
const COLOR_MOTIF: Motif = {
  size: COLOR_ICON_SIZE,
  rings: [
    { cx: 70, cy: 96, r: 40 },
    { cx: 122, cy: 96, r: 40 },
  ],
  stroke: 10,
};

const OUTLINE_MOTIF: Motif = {
  size: OUTLINE_ICON_SIZE,
  rings: [
    { cx: 11, cy: 16, r: 8.5 },
    { cx: 21, cy: 16, r: 8.5 },
  ],
  stroke: 2,
};

/** Sub-samples per axis for anti-aliased edges. */
const SAMPLES = 4;

function inked(motif: Motif, x: number, y: number): boolean {
  const half = motif.stroke / 2;
  const d = motif.rings.map((c) => Math.hypot(x - c.cx, y - c.cy));
  const onRing = d.some((dist, i) => Math.abs(dist - motif.rings[i]!.r) <= half);
  const inBoth = motif.rings.every((c, i) => d[i]! <= c.r + half);
  return onRing || inBoth;
}

/** Fraction (0..1) of the pixel at (px, py) that the motif covers. */
function coverage(motif: Motif, px: number, py: number): number {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      if (inked(motif, px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function draw(motif: Motif, paint: (cover: number) => [number, number, number, number]): PNG {
  const png = new PNG({ width: motif.size, height: motif.size });
  for (let y = 0; y < motif.size; y++) {
    for (let x = 0; x < motif.size; x++) {
      const o = (y * motif.size + x) * 4;
      const [r, g, b, a] = paint(coverage(motif, x, y));
      png.data[o] = r;
      png.data[o + 1] = g;
      png.data[o + 2] = b;
      png.data[o + 3] = a;
    }
  }
  return png;
}

/** 192x192, opaque: white motif on the brand color. */
export function drawColorIcon(): PNG {
  const bg = hexToRgb(BRAND_COLOR);
  return draw(COLOR_MOTIF, (cover) => {
    const mix = (c: number): number => Math.round(c + (255 - c) * cover);
    return [mix(bg[0]), mix(bg[1]), mix(bg[2]), 255];
  });
}

/** 32x32: white only, the motif's coverage in the alpha channel (Teams requires white on transparent). */
export function drawOutlineIcon(): PNG {
  return draw(OUTLINE_MOTIF, (cover) => [255, 255, 255, Math.round(255 * cover)]);
}

export function encodePng(png: PNG): Buffer {
  return PNG.sync.write(png, { colorType: 6 });
}
