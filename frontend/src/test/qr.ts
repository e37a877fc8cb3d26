import jsQR from 'jsqr';

/** Rasterize the SVG the component drew (its square modules) and read it back with a real QR decoder. */
export function decodeQrSvg(svg: SVGSVGElement, scale = 4): string | null {
  const extent = Number(svg.getAttribute('viewBox')!.split(' ')[2]);
  const side = extent * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  const d = svg.querySelector('path')!.getAttribute('d') ?? '';
  for (const [, x, y] of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * side + Number(x) * scale + dx) * 4;
        pixels[at] = pixels[at + 1] = pixels[at + 2] = 0;
      }
  }
  return jsQR(pixels, side, side)?.data ?? null;
}
