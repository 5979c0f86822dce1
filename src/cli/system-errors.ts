/** What a failed file-system call means to a person, and what to do about it. */
const SYSTEM_PROBLEMS: Record<string, [string, string]> = {
  EACCES: ['permission denied', 'Check the permissions of the file or folder, or point REVKEEN_CONFIG_DIR elsewhere'],
  EPERM: ['not permitted', 'Check the permissions of the file or folder, or point REVKEEN_CONFIG_DIR elsewhere'],
  ENOENT: ['no such file or folder', 'Check the path'],
  ENOTDIR: ['a part of the path is not a folder', 'Check the path'],
  EISDIR: ['it is a folder, not a file', 'Name a file'],
  EROFS: ['the file system is read-only', 'Point REVKEEN_CONFIG_DIR at a writable folder'],
  ENOSPC: ['the disk is full', 'Free some space and try again'],
  EMFILE: ['too many open files', 'Lower --concurrency, or raise the limit (ulimit -n)'],
};

/** `[what went wrong, what to do]` for a Node system error, or undefined for anything else. */
export function describeSystemError(error: unknown): [string, string] | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? SYSTEM_PROBLEMS[code] : undefined;
}
