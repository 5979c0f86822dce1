import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import type { ProfileData, ProfileStore } from '../../src/config/profile-store.js';
import { resolveCredentials } from '../../src/config/resolve-credentials.js';

const data: ProfileData = {
  current: 'main',
  profiles: new Map([
    ['main', { apiKey: 'rk_live_main_000000000001', baseUrl: 'https://main.example/v2', currency: 'EUR' }],
    ['other', { apiKey: 'rk_sandbox_other_00000002' }],
  ]),
};

function inputs(env: Record<string, string | undefined>, extra: { profileName?: string; baseUrlFlag?: string } = {}) {
  let opened = 0;
  const store: ProfileStore = { path: '/x/config.json', read: () => structuredClone(data), update: async () => Promise.reject(new Error('resolving never writes')) };
  return {
    opened: () => opened,
    value: { env, ...extra, openStore: async () => (opened++, store) },
  };
}

describe('which key and base URL a command uses', () => {
  it('REVKEEN_API_KEY wins, and then the profile file is not even opened', async () => {
    const i = inputs({ REVKEEN_API_KEY: 'rk_sandbox_env_0000000003' });
    const c = await resolveCredentials(i.value);
    expect(c).toMatchObject({ apiKey: 'rk_sandbox_env_0000000003', baseUrl: 'https://staging-api.revkeen.com/v2', source: 'REVKEEN_API_KEY' });
    expect(i.opened()).toBe(0);
  });

  it('a named profile beats the current one', async () => {
    const c = await resolveCredentials(inputs({}, { profileName: 'other' }).value);
    expect(c).toMatchObject({ apiKey: 'rk_sandbox_other_00000002', baseUrl: 'https://staging-api.revkeen.com/v2', profileName: 'other' });
  });

  it('the current profile is used when nothing else says', async () => {
    const c = await resolveCredentials(inputs({}).value);
    expect(c).toMatchObject({ apiKey: 'rk_live_main_000000000001', baseUrl: 'https://main.example/v2', defaults: { currency: 'EUR' } });
  });

  it('with REVKEEN_API_KEY and a named profile: the env key, the profile’s base URL and defaults', async () => {
    const c = await resolveCredentials(inputs({ REVKEEN_API_KEY: 'rk_live_env_0000000004' }, { profileName: 'main' }).value);
    expect(c).toMatchObject({ apiKey: 'rk_live_env_0000000004', baseUrl: 'https://main.example/v2', defaults: { currency: 'EUR' } });
  });

  it('base URL: the flag, then REVKEEN_BASE_URL, then the profile’s, then by key prefix', async () => {
    const env = { REVKEEN_BASE_URL: 'https://env.example' };
    expect((await resolveCredentials(inputs(env, { baseUrlFlag: 'https://flag.example' }).value)).baseUrl).toBe('https://flag.example');
    expect((await resolveCredentials(inputs(env).value)).baseUrl).toBe('https://env.example');
    expect((await resolveCredentials(inputs({}).value)).baseUrl).toBe('https://main.example/v2');
    expect((await resolveCredentials(inputs({ REVKEEN_API_KEY: 'rk_live_x_00000000' }).value)).baseUrl).toBe('https://api.revkeen.com/v2');
  });

  it('says where the base URL came from, for network errors to name', async () => {
    const sources = await Promise.all([
      resolveCredentials(inputs({ REVKEEN_API_KEY: 'rk_sandbox_env_0000000003' }, { baseUrlFlag: 'https://flag.example' }).value),
      resolveCredentials(inputs({ REVKEEN_API_KEY: 'rk_sandbox_env_0000000003', REVKEEN_BASE_URL: 'https://env.example' }).value),
      resolveCredentials(inputs({}).value),
      resolveCredentials(inputs({ REVKEEN_API_KEY: 'rk_sandbox_env_0000000003' }).value),
      resolveCredentials(inputs({ REVKEEN_API_KEY: 'rk_live_env_0000000004' }).value),
    ]);
    expect(sources.map((c) => c.baseUrlSource)).toEqual([
      '--base-url',
      'REVKEEN_BASE_URL',
      'profile "main"',
      'the default for sandbox keys',
      'the default for live keys',
    ]);
  });

  it('an unknown profile is an auth error that lists the profiles there are', async () => {
    const error = await resolveCredentials(inputs({}, { profileName: 'nope' }).value).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ kind: 'unknown_profile', message: 'No profile named "nope"; the profiles are: main, other' });
  });

  it('refuses plain http to another machine from any source', async () => {
    await expect(resolveCredentials(inputs({ REVKEEN_BASE_URL: 'http://api.example.com' }).value)).rejects.toMatchObject({ kind: 'invalid' });
    const local = await resolveCredentials(inputs({ REVKEEN_BASE_URL: 'http://localhost:4010' }).value);
    expect(local.baseUrl).toBe('http://localhost:4010');
  });
});

describe('when there is no key to use', () => {
  const storeOf = (d: ProfileData) => async (): Promise<ProfileStore> => ({ path: '/x/config.json', read: () => structuredClone(d), update: async () => undefined as never });
  const refusal = async (env: Record<string, string | undefined>, d: ProfileData, profileName?: string) => {
    const error = (await resolveCredentials({ env, profileName, openStore: storeOf(d) }).catch((e: unknown) => e)) as ConfigError;
    return [error.kind, error.message, error.hint];
  };

  it('no profiles at all: log in, or try the mock', async () => {
    expect(await refusal({}, { profiles: new Map() })).toEqual(['no_key', 'No API key: log in with `revkeen login`, or set REVKEEN_API_KEY', 'Try everything locally first with `revkeen mock`']);
  });

  it('profiles but none current: names them, and how to pick one', async () => {
    const d: ProfileData = { profiles: new Map([['a', { apiKey: 'rk_live_a_000000000001' }], ['b', { apiKey: 'rk_live_b_000000000002' }]]) };
    expect(await refusal({}, d)).toEqual(['no_key', 'No API key: there is no current profile (profiles: a, b)', 'Pick one with `revkeen profiles use NAME`, or pass --profile NAME']);
  });

  it('a blank REVKEEN_API_KEY is no key: the current profile’s is used, and named with its masked key', async () => {
    const c = await resolveCredentials({ env: { REVKEEN_API_KEY: '   ' }, openStore: storeOf(data) });
    expect([c.apiKey, c.source, c.profileName]).toEqual(['rk_live_main_000000000001', 'profile "main" (rk_live_…0001)', 'main']);
  });

  it('an unknown profile with no profiles at all says how to make it', async () => {
    expect(await refusal({}, { profiles: new Map() }, 'ci')).toEqual(['unknown_profile', 'No profile named "ci"; there are no profiles yet', 'Create it with `revkeen login --profile ci`']);
  });

  it('a bad base URL names where it came from; a good one is used trimmed', async () => {
    const error = (await resolveCredentials({ env: { REVKEEN_API_KEY: 'rk_live_env_00000001', REVKEEN_BASE_URL: 'ftp://x.example' }, openStore: storeOf(data) }).catch((e: unknown) => e)) as ConfigError;
    expect([error.kind, error.message]).toEqual(['invalid', 'Base URL from REVKEEN_BASE_URL: ftp: is not https:']);
    const c = await resolveCredentials({ env: { REVKEEN_API_KEY: 'rk_live_env_00000001', REVKEEN_BASE_URL: ' https://api.example.com/v2 ' }, openStore: storeOf(data) });
    expect(c.baseUrl).toBe('https://api.example.com/v2');
  });
});
