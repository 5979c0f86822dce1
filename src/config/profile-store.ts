import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from './errors.js';

export const PROFILE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export interface Profile {
  apiKey: string;
  baseUrl?: string;
  currency?: string;
  successUrl?: string;
  cancelUrl?: string;
  methods?: string[];
}

export interface ProfileData {
  current?: string;
  profiles: Record<string, Profile>;
}

export interface ProfileStore {
  readonly path: string;
  read(): ProfileData;
  /** Writes atomically, mode 0600. */
  write(data: ProfileData): void;
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

/** `REVKEEN_CONFIG_DIR`, else the platform's config folder (`~/.config/revkeen` on Linux, as XDG says). */
export function configDir(env: Record<string, string | undefined>): string {
  if (env.REVKEEN_CONFIG_DIR) return resolve(env.REVKEEN_CONFIG_DIR);
  const home = env.HOME || homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Preferences', 'revkeen');
  if (process.platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'revkeen', 'Config');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'revkeen');
}

/** Known without reading the file, so `revkeen config path` works even when the file is broken. */
export function configFilePath(env: Record<string, string | undefined>): string {
  return join(configDir(env), 'config.json');
}

/** Opens the profile file with conf; a file that cannot be read or parsed stops here, untouched. */
export async function openProfileStore(env: Record<string, string | undefined>): Promise<ProfileStore> {
  const { default: Conf } = await import('conf');
  const cwd = configDir(env);
  mkdirSync(cwd, { recursive: true, mode: 0o700 });
  let conf: InstanceType<typeof Conf<ProfileData>>;
  try {
    conf = new Conf<ProfileData>({
      projectName: 'revkeen',
      cwd,
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
  return {
    path,
    read() {
      try {
        const store = conf.store;
        return { current: store.current, profiles: { ...(store.profiles ?? {}) } };
      } catch (error) {
        throw unreadable(path, error);
      }
    },
    write(data) {
      const next: ProfileData = { profiles: data.profiles };
      if (data.current !== undefined) next.current = data.current;
      conf.store = next;
      // conf creates the file with this mode; a file made earlier by hand is tightened too.
      chmodSync(path, 0o600);
    },
  };
}

function unreadable(path: string, error: unknown): ConfigError {
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
