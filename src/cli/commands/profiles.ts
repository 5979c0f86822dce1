import { keyMode, maskKey } from '../../client/api-key.js';
import { checkProfileName, configFilePath, openProfileStore, type Profile, type ProfileData } from '../../config/profile-store.js';
import { unknownProfile } from '../../config/resolve-credentials.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import type { Globals } from '../globals.js';
import { parseMethods } from '../input/methods.js';
import { parseCurrency } from '../input/money.js';
import { parseBaseUrl, parseRedirectUrl } from '../input/urls.js';
import { createStyle } from '../output/terminal.js';
import { confirm } from '../prompt.js';

/** What a listing may show of a profile: never the key itself. */
function describeProfile(name: string, profile: Profile, current: string | undefined) {
  return {
    name,
    current: name === current,
    key: maskKey(profile.apiKey),
    mode: keyMode(profile.apiKey),
    baseUrl: profile.baseUrl ?? null,
    currency: profile.currency ?? null,
    successUrl: profile.successUrl ?? null,
    cancelUrl: profile.cancelUrl ?? null,
    methods: profile.methods ?? null,
  };
}

function requireProfile(data: ProfileData, name: string): Profile {
  const profile = data.profiles.get(checkProfileName(name));
  if (!profile) throw unknownProfile(name, [...data.profiles.keys()]);
  return profile;
}

const openStore = (ctx: Context) => openProfileStore(ctx.env, (message) => ctx.stderr.write(message));

export async function runProfilesList(ctx: Context, globals: Globals, opts: { quiet?: boolean } = {}): Promise<void> {
  const data = (await openStore(ctx)).read();
  // Names alone, one a line: what shell completion asks for (never a key, not even masked).
  if (opts.quiet) return void ctx.stdout.write([...data.profiles.keys()].map((name) => `${name}\n`).join(''));
  const rows = [...data.profiles].map(([name, p]) => describeProfile(name, p, data.current));
  if (globals.json) return void ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  if (rows.length === 0) {
    ctx.stderr.write('No profiles yet. Add one with `revkeen login`.\n');
    return;
  }
  const style = createStyle(ctx.stdout, ctx.env, globals.color);
  const width = Math.max(...rows.map((r) => r.name.length));
  const keyWidth = Math.max(...rows.map((r) => r.key.length));
  for (const r of rows) {
    const line = `${r.current ? '*' : ' '} ${r.name.padEnd(width)}  ${r.key.padEnd(keyWidth)}  ${r.mode.padEnd(7)}  ${r.baseUrl ?? 'default'}`;
    ctx.stdout.write(`${r.current ? style.bold(line) : line}\n`);
  }
}

export async function runProfilesShow(ctx: Context, globals: Globals, name: string | undefined): Promise<void> {
  const data = (await openStore(ctx)).read();
  const chosen = name ?? globals.profile ?? data.current;
  if (!chosen) throw unknownProfile('(current)', [...data.profiles.keys()]);
  const view = describeProfile(chosen, requireProfile(data, chosen), data.current);
  if (globals.json) return void ctx.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
  const rows: [string, string][] = [
    ['Profile', `${view.name}${view.current ? ' (current)' : ''}`],
    ['Key', view.key],
    ['Mode', view.mode],
    ['Base URL', view.baseUrl ?? 'default for the key'],
    ['Currency', view.currency ?? '-'],
    ['Success URL', view.successUrl ?? '-'],
    ['Cancel URL', view.cancelUrl ?? '-'],
    ['Methods', view.methods?.join(', ') ?? '-'],
  ];
  ctx.stdout.write(rows.map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`).join('\n') + '\n');
}

export async function runProfilesUse(ctx: Context, name: string): Promise<void> {
  await (await openStore(ctx)).update((data) => {
    requireProfile(data, name);
    data.current = name;
  });
  ctx.stderr.write(`"${name}" is now the current profile.\n`);
}

export async function runProfilesRemove(ctx: Context, globals: Globals, name: string, opts: { yes?: boolean }): Promise<void> {
  const store = await openStore(ctx);
  const profile = requireProfile(store.read(), name);
  // Asked before the lock is taken: a person's answer may take a while.
  if (!opts.yes && !(await confirm(ctx, globals, `Remove profile "${name}" (${maskKey(profile.apiKey)})?`, '--yes'))) {
    ctx.stderr.write('Nothing removed.\n');
    return;
  }
  const noCurrentLeft = await store.update((data) => {
    requireProfile(data, name);
    data.profiles.delete(name);
    if (data.current === name) data.current = undefined;
    return data.current === undefined && data.profiles.size > 0;
  });
  ctx.stderr.write(
    `Removed profile "${name}".${noCurrentLeft ? ' There is no current profile now: pick one with `revkeen profiles use NAME`.' : ''}\n`,
  );
}

export interface ProfileSetOptions {
  currency?: string;
  successUrl?: string;
  cancelUrl?: string;
  method?: string[];
}

export async function runProfilesSet(ctx: Context, globals: Globals, name: string, opts: ProfileSetOptions): Promise<void> {
  const changes: Partial<Profile> = {};
  if (globals.baseUrl !== undefined) changes.baseUrl = parseBaseUrl(globals.baseUrl, '--base-url');
  if (opts.currency !== undefined) changes.currency = parseCurrency(opts.currency);
  if (opts.successUrl !== undefined) changes.successUrl = parseRedirectUrl(opts.successUrl, '--success-url');
  if (opts.cancelUrl !== undefined) changes.cancelUrl = parseRedirectUrl(opts.cancelUrl, '--cancel-url');
  if (opts.method?.length) changes.methods = parseMethods(opts.method);
  if (Object.keys(changes).length === 0) {
    throw new UsageError('Say what to set: --base-url, --currency, --success-url, --cancel-url or --method');
  }
  await (await openStore(ctx)).update((data) => {
    data.profiles.set(name, { ...requireProfile(data, name), ...changes });
  });
  ctx.stderr.write(`Updated profile "${name}": ${Object.keys(changes).join(', ')}.\n`);
}

export function runConfigPath(ctx: Context): void {
  ctx.stdout.write(`${configFilePath(ctx.env)}\n`);
}
