import { chmodSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from './errors.js';

/** The one rule for profile names. */
export const PROFILE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks a name against the rule; a name that breaks it is a usage error (exit 2). */
export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new ConfigError('invalid', `Profile names use letters, digits, "_" and "-" (at most 64): ${JSON.stringify(name)} does not`);
  }
  return name;
}

export interface Profile {
  apiKey: string;
  baseUrl?: string;
  currency?: string;
  successUrl?: string;
  cancelUrl?: string;
  methods?: string[];
}

/** Profiles by name in a Map: a name such as `constructor` or `__proto__` is only a name. */
export interface ProfileData {
  current?: string;
  profiles: Map<string, Profile>;
}

export interface ProfileStore {
  readonly path: string;
  /** A snapshot; writes are atomic, so it is never half a file. */
  read(): ProfileData;
  /**
   * Locks the file against every other revkeen, reads it afresh, applies `change`, and writes it
   * (file 0600, folder 0700, other top-level keys kept) before unlocking: no accepted change is lost.
   */
  update<T>(change: (data: ProfileData) => T): Promise<T>;
}

const PROFILE_SCHEMA = {
  type: 'object',
  required: ['apiKey'],
  additionalProperties: false,
  properties: {
    apiKey: { type: 'string', minLength: 1 },
    baseUrl: { type: 'string' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    successUrl: { type: 'string' },
    cancelUrl: { type: 'string' },
    methods: { type: 'array', items: { type: 'string' } },
  },
} as const;

// A lock whose holder stopped refreshing it (killed) is taken over after this long.
const STALE_LOCK_MS = 3000;
const LOCK_OPTIONS = {
  realpath: false,
  stale: STALE_LOCK_MS,
  update: 1000,
  // Up to about 15 s of waiting for other writers, which each hold the lock for milliseconds.
  retries: { retries: 150, factor: 1.1, minTimeout: 10, maxTimeout: 100, randomize: true },
  // Past `stale` our write has still happened atomically; nothing to undo.
  onCompromised: () => {},
};

/** `REVKEEN_CONFIG_DIR`, else the platform's config folder (`~/.config/revkeen` on Linux, as XDG says). */
export function configDir(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string {
  if (env.REVKEEN_CONFIG_DIR) return resolve(env.REVKEEN_CONFIG_DIR);
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Preferences', 'revkeen');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'revkeen', 'Config');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'revkeen');
}

/** Known without reading the file, so `revkeen config path` works even when the file is broken. */
export function configFilePath(env: Record<string, string | undefined>): string {
  return join(configDir(env), 'config.json');
}

/**
 * Opens the profile file with conf; a file that cannot be read or parsed stops here, untouched.
 * `notify` is told, once, when a write had to tighten permissions.
 */
export async function openProfileStore(
  env: Record<string, string | undefined>,
  notify: (message: string) => void = () => {},
): Promise<ProfileStore> {
  const { default: Conf } = await import('conf');
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let conf: InstanceType<typeof Conf<Record<string, unknown>>>;
  try {
    conf = new Conf<Record<string, unknown>>({
      projectName: 'revkeen',
      cwd: dir,
      configName: 'config',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      schema: {
        current: { type: 'string', pattern: PROFILE_NAME.source },
        profiles: { type: 'object', propertyNames: { pattern: PROFILE_NAME.source }, additionalProperties: PROFILE_SCHEMA },
      },
    });
  } catch (error) {
    throw unreadable(configFilePath(env), error);
  }
  const path = conf.path;
  const readRaw = (): Record<string, unknown> => {
    try {
      return conf.store;
    } catch (error) {
      throw unreadable(path, error);
    }
  };
  let told = false;
  const tighten = () => {
    const loose = [dir, path].filter((p) => {
      try {
        return (statSync(p).mode & 0o077) !== 0;
      } catch {
        return false; // not there yet: conf creates it 0600
      }
    });
    chmodSync(dir, 0o700);
    for (const p of loose) chmodSync(p, p === dir ? 0o700 : 0o600);
    if (loose.length > 0 && !told) {
      told = true;
      notify(`Tightened permissions: ${loose.map((p) => `${p} (${p === dir ? '0700' : '0600'})`).join(', ')}; others could read them.\n`);
    }
  };
  return {
    path,
    read: () => toProfileData(readRaw()),
    async update(change) {
      const { default: lockfile } = await import('proper-lockfile');
      let release: () => Promise<void>;
      try {
        release = await lockfile.lock(path, LOCK_OPTIONS);
      } catch (error) {
        throw new ConfigError(
          'file',
          `The config file ${path} stayed locked by another revkeen (${(error as Error).message}). Nothing was changed.`,
          'Try again; a lock left by a killed process is taken over after a few seconds.',
        );
      }
      try {
        removeInterruptedWrites(dir);
        const raw = readRaw();
        const data = toProfileData(raw);
        const result = change(data);
        const next: Record<string, unknown> = { ...raw, profiles: Object.fromEntries(data.profiles) };
        if (data.current === undefined) delete next.current;
        else next.current = data.current;
        tighten();
        conf.store = next;
        return result;
      } finally {
        await release();
      }
    },
  };
}

function toProfileData(raw: Record<string, unknown>): ProfileData {
  const profiles = (raw.profiles ?? {}) as Record<string, Profile>;
  return { current: raw.current as string | undefined, profiles: new Map(Object.entries(profiles)) };
}

/** A write killed half-way leaves its temporary file; under the lock, nothing else can own one. */
function removeInterruptedWrites(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('config.json.tmp-')) unlinkSync(join(dir, name));
  }
}

export function unreadable(path: string, error: unknown): ConfigError {
  const reason =
    (error as { code?: string })?.code === 'EACCES'
      ? 'it cannot be read (permission denied)'
      : error instanceof SyntaxError
        ? 'it is not valid JSON'
        : /schema violation/i.test((error as Error)?.message ?? '')
          ? 'it does not hold revkeen profiles in the expected shape'
          : `it cannot be used (${(error as Error)?.message ?? error})`;
  return new ConfigError(
    'file',
    `The config file ${path} is unusable: ${reason}. Nothing was changed.`,
    'Fix or move the file yourself; revkeen never overwrites it. REVKEEN_CONFIG_DIR points revkeen at another folder.',
  );
}
