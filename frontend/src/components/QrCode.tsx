import QRCode from 'qrcode';
import { useMemo } from 'react';

/** Dark modules of `text` as a QR matrix (medium error correction: what authenticator apps scan best). */
export function qrModules(text: string): { size: number; dark: (row: number, col: number) => boolean } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, col) => Boolean(modules.get(row, col)) };
}

/**
 * A QR code of `text`, drawn as SVG so it is sharp at any zoom and needs no canvas.
 * The quiet zone (four modules of white) is part of the picture: scanners need it.
 */
export function QrCode({ text, label, size = 192, testId }: { text: string; label: string; size?: number; testId?: string }) {
  const path = useMemo(() => {
    const { size: n, dark } = qrModules(text);
    const parts: string[] = [];
    for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) if (dark(row, col)) parts.push(`M${col + 4} ${row + 4}h1v1h-1z`);
    return { d: parts.join(''), extent: n + 8 };
  }, [text]);
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid={testId}
      width={size}
      height={size}
      viewBox={`0 0 ${path.extent} ${path.extent}`}
      shapeRendering="crispEdges"
      style={{ background: '#fff', display: 'block' }}
    >
      <rect width={path.extent} height={path.extent} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
