import { accessSync, constants, mkdirSync, Stats, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { StoreIntegrityError } from '@ledger/application';

/**
 * One SQLite file of the embedded stores, as a refusal names it (R21: which file, what is
 * wrong, what to do). `subject` starts the line ("the event log /data/events.db");
 * `restore` is what to do with a file whose content is lost.
 */
export interface StoreFile {
  file: string;
  subject: string;
  restore: string;
  /** The same, once the bad file has been moved away. */
  replace: string;
  /** More for an empty file. */
  ifEmpty?: string;
}

export function eventLogFile(file: string): StoreFile {
  return {
    file,
    subject: `the event log ${file}`,
    restore: 'restore it from a backup',
    replace: `restore ${basename(file)} from a backup`,
    ifEmpty: ' (or, to start a new log, move it away together with the read models)',
  };
}

export function readModelFile(file: string): StoreFile {
  return {
    file,
    subject: `the read-model file ${file}`,
    restore: 'restore it from a backup, or move it away so that the read models are rebuilt from the event log at the next start',
    replace: `restore ${basename(file)} from a backup (or start without it: the read models are rebuilt from the event log)`,
  };
}

/** Who this process runs as, for the "give access" advice. */
function whoAmI(): string {
  return typeof process.getuid === 'function' ? `the user this process runs as (uid ${process.getuid()})` : 'the user this process runs as';
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'error';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function fault(message: string): StoreIntegrityError {
  return new StoreIntegrityError(oneLine(message));
}

const PERMISSION = new Set(['EACCES', 'EPERM']);

/**
 * Before SQLite touches the file: its folder exists (made if missing) and can be written
 * (SQLite keeps `-wal` and `-shm` files beside it), and the file, when present, is a regular
 * file that is not empty and that this process may read and write, as are its `-wal` and
 * `-shm` files when present. Whatever is wrong is
 * thrown as one StoreIntegrityError line; a missing file is left to the caller (a new log, a
 * new read store, or a refusal beside read models built from a log).
 */
export function checkStoreFile(store: StoreFile): void {
  const { file, subject } = store;
  const folder = dirname(file);
  const folderStat = statOrFault(folder, `the data folder ${folder} (DATA_DIR)`);
  if (folderStat === null) {
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw fault(`cannot create the data folder ${folder} (DATA_DIR) for ${basename(file)} (${codeOf(error)}: ${(error as Error).message}); create it, or set DATA_DIR to a folder ${whoAmI()} can write`);
    }
  } else if (!folderStat.isDirectory()) {
    throw fault(`the data folder ${folder} (DATA_DIR) is not a folder; set DATA_DIR to a folder, or move ${folder} away`);
  } else {
    try {
      accessSync(folder, constants.W_OK | constants.X_OK);
    } catch (error) {
      throw fault(
        `the data folder ${folder} (DATA_DIR) is not writable (${codeOf(error)}): SQLite keeps ${basename(file)}-wal and ${basename(file)}-shm beside ${basename(file)}; ` +
          `give ${whoAmI()} write access to the folder (check its owner and mode, \`chattr -i\`, and that its file system is not mounted read-only)`,
      );
    }
  }
  const stat = statOrFault(file, subject);
  if (stat === null) return;
  if (stat.isDirectory()) throw fault(`${subject} is a directory, not a database file; move the directory away and ${store.replace}`);
  if (!stat.isFile()) throw fault(`${subject} is not a regular file; move it away and ${store.replace}`);
  try {
    accessSync(file, constants.R_OK);
  } catch (error) {
    throw fault(`${subject} cannot be read (${codeOf(error)}: permission denied); give ${whoAmI()} read and write access to it (check its owner and mode, e.g. \`chown\`)`);
  }
  try {
    accessSync(file, constants.W_OK);
  } catch (error) {
    throw fault(`${subject} is read-only (${codeOf(error)}); the service writes to it: give ${whoAmI()} write access to it (check its owner and mode, \`chattr -i\`, and that its file system is not mounted read-only)`);
  }
  if (stat.size === 0) {
    throw fault(`${subject} is empty (0 bytes): it was lost or truncated; ${store.restore}${store.ifEmpty ?? ''}`);
  }
  // Left by another user (an operator tool run as root, say), they stop SQLite as surely as the file itself.
  for (const companion of [`${file}-wal`, `${file}-shm`]) {
    try {
      accessSync(companion, constants.R_OK | constants.W_OK);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') continue;
      throw fault(
        `${subject} cannot be used: its ${basename(companion)} cannot be read or written (${codeOf(error)}); ` +
          `give ${whoAmI()} read and write access to it (it may belong to another user, e.g. after an operator command run as root: \`chown\`)`,
      );
    }
  }
}

/** null when missing; a refusal when the path cannot even be looked at. */
function statOrFault(path: string, subject: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw fault(`${subject} cannot be reached: a part of ${path} is a file, not a folder; set DATA_DIR to a folder`);
    if (PERMISSION.has(code)) throw fault(`${subject} cannot be reached (${code}: permission denied on a folder of ${path}); give ${whoAmI()} access to the folders on the way`);
    throw fault(`${subject} cannot be looked at (${code}: ${(error as Error).message}); check the disk and the path`);
  }
}

/**
 * What SQLite said on opening or first reading the file, as one refusal line; other errors
 * are returned unchanged.
 */
export function storeFileFault(store: StoreFile, error: unknown): unknown {
  if (error instanceof StoreIntegrityError) return error;
  const code = codeOf(error);
  const said = `${code}: ${(error as Error | null)?.message ?? String(error)}`;
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) return fault(`${store.subject} is not a readable database (${said}); ${store.restore}`);
  if (/^SQLITE_READONLY/.test(code) || code === 'EROFS') {
    return fault(`${store.subject} cannot be written (${said}); give ${whoAmI()} write access to it and to its folder (check owners and modes, \`chattr -i\`, and that the file system is not mounted read-only)`);
  }
  if (/^SQLITE_(CANTOPEN|PERM|AUTH)/.test(code) || PERMISSION.has(code)) {
    return fault(`${store.subject} cannot be opened (${said}); check that it is a database file that ${whoAmI()} can read and write, in a folder it can write`);
  }
  if (/^SQLITE_(IOERR|FULL)/.test(code)) return fault(`${store.subject} cannot be read or written (${said}); check the disk (space, errors) and the file`);
  return error;
}
