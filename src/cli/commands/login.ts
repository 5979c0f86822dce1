import { isWellFormedKey, keyMode, maskKey } from '../../client/api-key.js';
import { checkProfileName, openProfileStore } from '../../config/profile-store.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import type { Globals } from '../globals.js';
import { parseBaseUrl } from '../input/urls.js';
import { canPrompt, loadPrompts } from '../prompt.js';

export interface LoginOptions {
  apiKeyStdin?: boolean;
}

/** A key is well under a hundred bytes; more than this on stdin is not a key. */
export const MAX_STDIN_KEY_BYTES = 4096;

/** Stores a key in a profile: asked for with masked input on a terminal, or read from stdin. */
export async function runLogin(ctx: Context, globals: Globals, opts: LoginOptions): Promise<void> {
  const name = checkProfileName(globals.profile ?? 'default');
  const baseUrl = globals.baseUrl === undefined ? undefined : parseBaseUrl(globals.baseUrl, '--base-url');
  const store = await openProfileStore(ctx.env, (message) => ctx.stderr.write(message));
  // Read the file first: a corrupt one stops login before any key is asked for.
  store.read();

  const apiKey = (opts.apiKeyStdin ? await readKeyFromStdin(ctx) : await askForKey(ctx, globals, name)).trim();
  if (!isWellFormedKey(apiKey)) {
    throw new UsageError(
      `That is not a RevKeen API key (${apiKey ? maskKey(apiKey) : 'empty'}): keys look like rk_sandbox_… or rk_live_…`,
      'Copy the key from Dashboard → Settings → API keys',
    );
  }
  ctx.addSecret(apiKey);
  const { previousKey, becomesCurrent, current } = await store.update((data) => {
    const previous = data.profiles.get(name);
    data.profiles.set(name, { ...previous, apiKey, ...(baseUrl ? { baseUrl } : {}) });
    const becomes = data.current === undefined || !data.profiles.has(data.current);
    if (becomes) data.current = name;
    return { previousKey: previous?.apiKey, becomesCurrent: becomes, current: data.current };
  });

  const mode = keyMode(apiKey);
  const replaced =
    previousKey === undefined ? '' : previousKey === apiKey ? ' (the same key as before)' : ` (replaced ${maskKey(previousKey)})`;
  ctx.stderr.write(
    `${previousKey === undefined ? 'Saved' : 'Updated'} profile "${name}": ${maskKey(apiKey)}${replaced} (${mode === 'unknown' ? 'unknown mode' : mode})` +
      `${baseUrl ? `, base URL ${baseUrl}` : ''}, in ${store.path}\n` +
      (becomesCurrent
        ? `"${name}" is now the current profile.\n`
        : current === name
          ? ''
          : `The current profile is still "${current}"; switch with \`revkeen profiles use ${name}\`.\n`),
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

/** The first line of stdin; refuses (and stops reading) past a few KiB, so `yes | revkeen login` ends. */
async function readKeyFromStdin(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.stdin) {
    const buffer = Buffer.from(chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_KEY_BYTES) {
      throw new UsageError(`--api-key-stdin reads one key, at most ${MAX_STDIN_KEY_BYTES / 1024} KiB; stdin held more`, 'Pipe in only the key: printf %s "$KEY" | revkeen login --api-key-stdin');
    }
    chunks.push(buffer);
  }
  // The first line is the key: `echo` adds a newline, a file may add more.
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}
