import { UsageError } from '../errors.js';

/** `--timeout 30` or `--timeout 2.5`: seconds, more than zero, at most a day. */
export function parseTimeoutSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(seconds > 0) || seconds > 86_400) {
    throw new UsageError(`--timeout ${JSON.stringify(value)} must be a number of seconds, e.g. 30`);
  }
  return seconds;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `2s`, `10m`, `24h` (a bare number is seconds) into milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const ms = match ? Number(match[1]) * UNITS[match[2] ?? 's'] : NaN;
  if (!match || !(ms > 0)) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a duration: write it like 500ms, 2s, 10m or 24h`);
  }
  return Math.round(ms);
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new UsageError(`--port ${JSON.stringify(value)} must be 0-65535`);
  return port;
}

export function parseRetries(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 10) throw new UsageError(`--retries ${JSON.stringify(value)} must be a whole number from 0 to 10`);
  return n;
}

/** `--concurrency N`: how many requests at once, 1-64 (default 4). */
export function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return 4;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new UsageError('--concurrency must be a whole number from 1 to 64');
  return n;
}
