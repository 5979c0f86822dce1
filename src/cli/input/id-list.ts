import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { describeSystemError } from '../system-errors.js';
import { parseId } from './ids.js';

/**
 * Session IDs from arguments and from a file or stdin (`-`): one per line, blank lines and
 * `#` comments ignored, each ID once, in first-seen order. Every ID is checked before any is used.
 */
export interface IdList {
  ids: string[];
  /** How many IDs were given again after their first mention. */
  duplicates: number;
}

export async function collectIds(ctx: Pick<Context, 'stdin'>, args: string[], fromFile: string | undefined): Promise<IdList> {
  const seen = new Set<string>();
  let given = 0;
  const add = (id: string) => {
    given++;
    seen.add(id);
  };
  for (const arg of args) add(parseId(arg, 'Session ID'));
  if (fromFile !== undefined) {
    const label = fromFile === '-' ? 'stdin' : fromFile;
    let input: NodeJS.ReadableStream;
    if (fromFile === '-') {
      input = ctx.stdin;
    } else {
      const file = createReadStream(fromFile, { encoding: 'utf8' });
      await new Promise<void>((resolve, reject) => {
        file.once('open', () => resolve());
        file.once('error', (error) => reject(unreadable(fromFile, error)));
      });
      input = file;
    }
    let lineNumber = 0;
    try {
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        lineNumber++;
        const text = line.replace(/#.*/, '').trim();
        if (text === '') continue;
        try {
          add(parseId(text, 'Session ID'));
        } catch (error) {
          throw new UsageError(`Line ${lineNumber} of ${label}: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      throw error instanceof UsageError ? error : unreadable(fromFile, error);
    }
  }
  return { ids: [...seen], duplicates: given - seen.size };
}

function unreadable(path: string, error: unknown): UsageError {
  const [what, hint] = describeSystemError(error) ?? [(error as Error).message, undefined];
  return new UsageError(`--from-file ${path}: ${what}`, hint);
}
