import '@testing-library/jest-dom/vitest';

import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

import i18n from '../i18n';

// jsdom lacks what Mantine and Recharts measure with.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = window.ResizeObserver ?? ResizeObserverStub;
window.HTMLElement.prototype.scrollIntoView = () => {};

void i18n.changeLanguage('en');
afterEach(() => cleanup());

// Recharts warns that jsdom gives its container no size; that is jsdom, not the app.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('of chart should be greater than 0')) return;
  warn(...args);
};

// Mantine's transitions are slow on a loaded 2-core CI machine; wait longer before failing.
configure({ asyncUtilTimeout: 5000 });
