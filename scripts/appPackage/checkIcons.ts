import { PNG } from 'pngjs';
import { COLOR_ICON_SIZE, OUTLINE_ICON_SIZE } from './icons';

function decode(name: string, png: Buffer): PNG | string {
  try {
    return PNG.sync.read(png);
  } catch (e) {
    return `${name} is not a readable PNG (${(e as Error).message})`;
  }
}

/** Every pixel is white, or fully transparent: Teams rejects an outline icon with any other color. */
export function isWhiteOnTransparent(png: PNG): boolean {
  for (let o = 0; o < png.data.length; o += 4) {
    const alpha = png.data[o + 3]!;
    const white = png.data[o] === 255 && png.data[o + 1] === 255 && png.data[o + 2] === 255;
    if (alpha !== 0 && !white) return false;
  }
  return true;
}

/** The problems Teams would reject the icons for; empty when they are fine. */
export function iconProblems(icons: { color: Buffer; outline: Buffer }, names = { color: 'color icon', outline: 'outline icon' }): string[] {
  const problems: string[] = [];
  const color = decode(names.color, icons.color);
  if (typeof color === 'string') problems.push(color);
  else if (color.width !== COLOR_ICON_SIZE || color.height !== COLOR_ICON_SIZE) {
    problems.push(`${names.color} must be ${COLOR_ICON_SIZE}x${COLOR_ICON_SIZE}, is ${color.width}x${color.height}`);
  }
  const outline = decode(names.outline, icons.outline);
  if (typeof outline === 'string') problems.push(outline);
  else {
    if (outline.width !== OUTLINE_ICON_SIZE || outline.height !== OUTLINE_ICON_SIZE) {
      problems.push(`${names.outline} must be ${OUTLINE_ICON_SIZE}x${OUTLINE_ICON_SIZE}, is ${outline.width}x${outline.height}`);
    }
    if (!isWhiteOnTransparent(outline)) problems.push(`${names.outline} must be white on transparent only`);
  }
  return problems;
}
