// Replaced at build time with the package version; the fallback serves tests run from source.
declare const __REVKEEN_VERSION__: string | undefined;

export const VERSION: string =
  typeof __REVKEEN_VERSION__ === 'string' ? __REVKEEN_VERSION__ : '0.0.0-dev';
