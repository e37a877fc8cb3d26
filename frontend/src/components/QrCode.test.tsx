import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { decodeQrSvg } from '../test/qr';
import { QrCode } from './QrCode';

describe('QrCode', () => {
  it('draws a scannable code of the text, labelled for screen readers', () => {
    const uri = 'otpauth://totp/Globex:hank%40globex.example.com?secret=JBSWY3DPEHPK3PXP&issuer=Globex';
    const { getByRole } = render(<QrCode text={uri} label="QR code for your authenticator app" />);
    const svg = getByRole('img', { name: 'QR code for your authenticator app' }) as unknown as SVGSVGElement;
    expect(decodeQrSvg(svg)).toBe(uri);
  });

  it('changes with the text', () => {
    const { container, rerender } = render(<QrCode text="otpauth://totp/a?secret=AAAA" label="qr" />);
    expect(decodeQrSvg(container.querySelector('svg')!)).toBe('otpauth://totp/a?secret=AAAA');
    rerender(<QrCode text="otpauth://totp/b?secret=BBBB" label="qr" />);
    expect(decodeQrSvg(container.querySelector('svg')!)).toBe('otpauth://totp/b?secret=BBBB');
  });
});
