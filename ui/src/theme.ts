import { createTheme } from '@mantine/core';

// System fonts only: the window's CSP forbids external font sources.
export const theme = createTheme({
  primaryColor: 'blue',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, Cantarell, sans-serif',
  defaultRadius: 'sm',
  focusRing: 'auto',
});
