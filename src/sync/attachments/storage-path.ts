import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/**
 * Where a row's `storage_path` lives under the file store's `root`, or undefined when the path is not safe to
 * read or delete: empty, absolute, with a `..` segment or a NUL byte, or leading outside the root once
 * symbolic links are resolved (a link planted in the store, or a path the row was altered to). A path whose
 * file or folders do not exist (yet) is checked as far as it exists.
 */
export async function resolveStoragePath(root: string, storagePath: string): Promise<string | undefined> {
  if (storagePath === '' || storagePath.includes('\0') || isAbsolute(storagePath)) return undefined;
  if (storagePath.split(/[\\/]/).includes('..')) return undefined;
  const realRoot = await realpath(root);
  const path = join(realRoot, storagePath);
  const real = await realpathOfExisting(path, realRoot);
  const inside = relative(realRoot, real);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
    return undefined;
  return path;
}

/** The real path of `path`, or of its nearest existing folder with the rest appended. */
async function realpathOfExisting(path: string, stop: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path === stop) throw error;
    const parent = dirname(path);
    return join(await realpathOfExisting(parent, stop), path.slice(parent.length + 1));
  }
}
