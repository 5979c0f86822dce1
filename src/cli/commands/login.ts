import { keyMode, maskKey } from '../../client/mask-key.js';
import { PROFILE_NAME, openProfileStore } from '../../config/profile-store.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import type { Globals } from '../globals.js';
import { parseBaseUrl } from '../input/urls.js';
import { canPrompt, loadPrompts } from '../prompt.js';

export interface LoginOptions {
  apiKeyStdin?: boolean;
}

const KEY_PATTERN = /^rk_[a-z]+_[A-Za-z0-9_]{4,}$/;

/** Stores a key in a profile: asked for with masked input on a terminal, or read from stdin. */
export async function runLogin(ctx: Context, globals: Globals, opts: LoginOptions): Promise<void> {
  const name = globals.profile ?? 'default';
  if (!PROFILE_NAME.test(name)) throw new UsageError(`Profile names use letters, digits, "_" and "-" (at most 64): ${JSON.stringify(name)}`);
  const baseUrl = globals.baseUrl === undefined ? undefined : parseBaseUrl(globals.baseUrl, '--base-url');
  // Read the file first: a corrupt one stops login before any key is asked for.
  const store = await openProfileStore(ctx.env);
  const data = store.read();

  const apiKey = (opts.apiKeyStdin ? await readStdin(ctx) : await askForKey(ctx, globals, name)).trim();
  ctx.addSecret(apiKey);
  if (!KEY_PATTERN.test(apiKey)) {
    throw new UsageError(
      `That is not a RevKeen API key (${apiKey ? maskKey(apiKey) : 'empty'}): keys look like rk_sandbox_… or rk_live_…`,
      'Copy the key from Dashboard → Settings → API keys',
    );
  }
  const existed = data.profiles[name] !== undefined;
  data.profiles[name] = { ...data.profiles[name], apiKey, ...(baseUrl ? { baseUrl } : {}) };
  const becomesCurrent = data.current === undefined || data.profiles[data.current] === undefined;
  if (becomesCurrent) data.current = name;
  store.write(data);

  const mode = keyMode(apiKey);
  ctx.stderr.write(
    `${existed ? 'Updated' : 'Saved'} profile "${name}": ${maskKey(apiKey)} (${mode === 'unknown' ? 'unknown mode' : mode})` +
      `${baseUrl ? `, base URL ${baseUrl}` : ''}, in ${store.path}\n` +
      (becomesCurrent
        ? `"${name}" is now the current profile.\n`
        : data.current === name
          ? ''
          : `The current profile is still "${data.current}"; switch with \`revkeen profiles use ${name}\`.\n`),
  );
}

async function askForKey(ctx: Context, globals: Globals, name: string): Promise<string> {
  if (!canPrompt(ctx, globals)) {
    throw new UsageError(
      'There is no terminal to ask for the key on',
      'Pipe it in instead: printf %s "$KEY" | revkeen login --api-key-stdin',
    );
  }
  const { password } = await loadPrompts(ctx);
  return password({ message: `API key for profile "${name}":`, mask: '*', validate: (v) => (v.trim() ? true : 'Paste the key') });
}

async function readStdin(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.stdin) chunks.push(Buffer.from(chunk as Buffer));
  // The first line is the key: `echo` adds a newline, a file may add more.
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}
