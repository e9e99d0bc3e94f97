import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { clearMocks } from '@tauri-apps/api/mocks';

// Mantine relies on a few browser APIs that jsdom does not provide. Tests run with motion reduced, so Mantine's
// transitions (with `respectReducedMotion`, see src/test/render.tsx) leave no timer behind a test.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: query.includes('prefers-reduced-motion: reduce'),
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in window)) {
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
  Object.defineProperty(globalThis, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}

Element.prototype.scrollIntoView = function scrollIntoView() {};

const computed = window.getComputedStyle;
window.getComputedStyle = (elt: Element, pseudo?: string | null) => computed(elt, pseudo ?? undefined);

afterEach(() => {
  cleanup();
  clearMocks();
});
