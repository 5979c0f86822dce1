import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { checkProfileName, configDir, configFilePath, openProfileStore, unreadable } from '../../src/config/profile-store.js';

const folder = () => mkdtempSync(join(tmpdir(), 'revkeen-store-'));
const mode = (p: string) => statSync(p).mode & 0o777;
const KEY = 'rk_sandbox_store_test_0011223344';

describe('where the profile file lives', () => {
  it('REVKEEN_CONFIG_DIR first (made absolute), then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configDir({ REVKEEN_CONFIG_DIR: 'rel/dir', XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe(resolve('rel/dir'));
    expect(configDir({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/revkeen');
    expect(configDir({ HOME: '/h' })).toBe('/h/.config/revkeen');
    expect(configFilePath({ HOME: '/h' })).toBe('/h/.config/revkeen/config.json');
  });

  it('on macOS in Preferences; on Windows in APPDATA, else the roaming folder; REVKEEN_CONFIG_DIR first everywhere', () => {
    expect(configDir({ HOME: '/h', XDG_CONFIG_HOME: '/x' }, 'darwin')).toBe('/h/Library/Preferences/revkeen');
    expect(configDir({ HOME: '/h', APPDATA: '/appdata' }, 'win32')).toBe('/appdata/revkeen/Config');
    expect(configDir({ HOME: '/h' }, 'win32')).toBe('/h/AppData/Roaming/revkeen/Config');
    expect(configDir({ HOME: '/h', REVKEEN_CONFIG_DIR: '/c' }, 'win32')).toBe('/c');
    expect(configDir({ HOME: '/h' }, 'freebsd')).toBe('/h/.config/revkeen');
  });
});

describe('why a profile file is unusable', () => {
  const why = (error: unknown) => {
    const e = unreadable('/h/config.json', error);
    return [e.kind, e.message, e.hint];
  };
  const hint = 'Fix or move the file yourself; revkeen never overwrites it. REVKEEN_CONFIG_DIR points revkeen at another folder.';
  it.each([
    [Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }), 'it cannot be read (permission denied)'],
    [new SyntaxError('Unexpected token'), 'it is not valid JSON'],
    [new Error('Config schema violation: `current` must match pattern'), 'it does not hold revkeen profiles in the expected shape'],
    [new Error('EISDIR: illegal operation on a directory'), 'it cannot be used (EISDIR: illegal operation on a directory)'],
    ['a thrown string', 'it cannot be used (a thrown string)'],
  ])('%s', (error, reason) => {
    expect(why(error)).toEqual(['file', `The config file /h/config.json is unusable: ${reason}. Nothing was changed.`, hint]);
  });
});

describe('profile names', () => {
  it.each(['default', 'a', 'prod-eu_2', 'x'.repeat(64), 'constructor', '__proto__'])('%j is a name', (name) => expect(checkProfileName(name)).toBe(name));
  it.each(['', 'x'.repeat(65), 'a b', 'a/b', '../x', 'é'])('%j is not', (name) => expect(() => checkProfileName(name)).toThrow(ConfigError));
});

describe('the profile store', () => {
  it('keeps what was written, other top-level keys included, and removes current when unset', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ telemetry: { asked: true }, profiles: {} }));
    const store = await openProfileStore({ REVKEEN_CONFIG_DIR: dir });
    await store.update((d) => {
      d.profiles.set('constructor', { apiKey: KEY });
      d.current = 'constructor';
    });
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({ telemetry: { asked: true }, profiles: { constructor: { apiKey: KEY } }, current: 'constructor' });
    expect(store.read().profiles.get('constructor')).toEqual({ apiKey: KEY });
    expect(await store.update((d) => ((d.current = undefined), 'done'))).toBe('done');
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).not.toHaveProperty('current');
  });

  it('tightens a loose folder and file on a write, saying so once', async () => {
    const dir = folder();
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, 'config.json'), '{}', { mode: 0o644 });
    chmodSync(join(dir, 'config.json'), 0o644);
    const told: string[] = [];
    const store = await openProfileStore({ REVKEEN_CONFIG_DIR: dir }, (m) => told.push(m));
    await store.update((d) => void d.profiles.set('a', { apiKey: KEY }));
    await store.update((d) => void d.profiles.set('b', { apiKey: KEY }));
    expect(mode(dir)).toBe(0o700);
    expect(mode(store.path)).toBe(0o600);
    expect(told).toEqual([`Tightened permissions: ${dir} (0700), ${store.path} (0600); others could read them.\n`]);
  });

  it('makes a new folder 0700 and file 0600, and says nothing', async () => {
    const dir = join(folder(), 'new', 'revkeen');
    const told: string[] = [];
    const store = await openProfileStore({ REVKEEN_CONFIG_DIR: dir }, (m) => told.push(m));
    await store.update((d) => void d.profiles.set('a', { apiKey: KEY }));
    expect([mode(dir), mode(store.path), told]).toEqual([0o700, 0o600, []]);
  });

  it('clears a temporary file a killed write left behind, and nothing else', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'config.json.tmp-4242'), '{"half":');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const store = await openProfileStore({ REVKEEN_CONFIG_DIR: dir });
    await store.update((d) => void d.profiles.set('a', { apiKey: KEY }));
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'notes.txt']);
  });

  it('loses no change when many writers go at once', async () => {
    const dir = folder();
    const stores = await Promise.all(Array.from({ length: 12 }, () => openProfileStore({ REVKEEN_CONFIG_DIR: dir })));
    await Promise.all(stores.map((s, i) => s.update((d) => void d.profiles.set(`p${i}`, { apiKey: `${KEY}${i}` }))));
    expect([...stores[0].read().profiles.keys()].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `p${i}`).sort());
  });

  it('takes over a lock that a killed process left, once it is stale', async () => {
    const dir = folder();
    const store = await openProfileStore({ REVKEEN_CONFIG_DIR: dir });
    mkdirSync(`${store.path}.lock`);
    const long = new Date(Date.now() - 60_000);
    utimesSync(`${store.path}.lock`, long, long);
    await store.update((d) => void d.profiles.set('a', { apiKey: KEY }));
    expect(store.read().profiles.has('a')).toBe(true);
    expect(existsSync(`${store.path}.lock`)).toBe(false);
  });

  it.each([
    ['{"profiles": ', 'it is not valid JSON'],
    ['{"profiles": {"a": {"apiKey": 5}}}', 'it does not hold revkeen profiles in the expected shape'],
    ['{"current": "a b"}', 'it does not hold revkeen profiles in the expected shape'],
  ])('refuses a file holding %j, and leaves it as it was', async (text, reason) => {
    const dir = folder();
    writeFileSync(join(dir, 'config.json'), text);
    const error = await openProfileStore({ REVKEEN_CONFIG_DIR: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`The config file ${join(dir, 'config.json')} is unusable: ${reason}. Nothing was changed.`);
    expect((error as ConfigError).hint).toContain('revkeen never overwrites it');
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(text);
  });

  it('refuses a folder where the file should be', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'config.json'));
    const error = await openProfileStore({ REVKEEN_CONFIG_DIR: dir }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/is unusable: it cannot be used \(.*EISDIR.*\)\. Nothing was changed\.$/);
  });

  it('refuses a file whose profiles are not profiles', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ profiles: { main: { apiKey: 5 } } }), { mode: 0o600 });
    const error = await openProfileStore({ REVKEEN_CONFIG_DIR: dir }).then((s) => s.read()).catch((e: unknown) => e);
    expect((error as Error).message).toContain('is unusable: it does not hold revkeen profiles in the expected shape');
  });
});
