/**
 * Work done once per jest run and shared by every test file that asks for it, across jest's worker processes:
 * the first file to ask computes the value, the others wait for it and read it. For Terraform work that several
 * suites need (a plan of the same root, one `terraform init` of the same modules): every Terraform command starts
 * the 700 MB AWS provider, so doing it once instead of per file is the cheapest saving there is (bench/README.md,
 * "Test suite"; CONTRIBUTING.md says when to use it).
 *
 * Where: `$HELLOAPI_JEST_TMPDIR/shared/` (jest.global-setup.js makes that folder per run and the teardown removes
 * it, so nothing survives a run and two runs never share). Outside a jest run (a script, a REPL) the value is
 * computed in this process and kept for it.
 *
 * How: the first caller takes a lock (an atomic `mkdir`, its pid written inside), computes, and publishes the value
 * as JSON (written to a temporary file, then renamed: a reader never sees half of it). Waiters poll for that file;
 * when the lock's owner died without publishing (its pid is gone, or it wrote no pid within 10 s of its `mkdir`),
 * exactly one waiter takes the lock over and computes (`takeLock`). A compute that throws publishes the error, so
 * every waiter fails with the same message instead of waiting; it is not retried within the run. The value must
 * survive JSON (plain objects, arrays, strings, numbers, booleans, null).
 */
import * as fs from 'fs';
import * as path from 'path';

/** The folder of this run's shared values, or undefined outside a jest run. */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const runTmp = env.HELLOAPI_JEST_TMPDIR;
  return runTmp ? path.join(runTmp, 'shared') : undefined;
}

type Published<T> = { readonly value: T } | { readonly error: string };

const inProcess = new Map<string, Promise<unknown>>();

/**
 * The value for `key`, computed by `compute` once per jest run (or once per process outside jest). `key` names the
 * work and must change with it: files that pass the same key get the same value, whatever their `compute` does.
 * Letters, digits, `.`, `_` and `-` only.
 */
export function sharedOnce<T>(key: string, compute: () => Promise<T>, options: { timeoutMs?: number; pollMs?: number } = {}): Promise<T> {
  if (!/^[A-Za-z0-9._-]+$/.test(key)) throw new Error(`sharedOnce: key ${JSON.stringify(key)} must be letters, digits, ".", "_" or "-"`);
  const cached = inProcess.get(key);
  if (cached) return cached as Promise<T>;
  const dir = sharedDir();
  const promise = dir ? acrossWorkers(dir, key, compute, options.timeoutMs ?? 15 * 60 * 1000, options.pollMs ?? 200) : compute();
  inProcess.set(key, promise);
  return promise;
}

/**
 * `sharedOnce` for synchronous work, for values a test file needs while jest collects its tests (a `describe.each`
 * over them, a module-level constant): the same lock, publication and error handling, but a waiter sleeps
 * (Atomics.wait, no CPU) between polls instead of awaiting. Only the first file computes; the others block until it
 * publishes, as they would have spent that time computing the same value themselves.
 */
export function sharedOnceSync<T>(key: string, compute: () => T, options: { timeoutMs?: number; pollMs?: number } = {}): T {
  if (!/^[A-Za-z0-9._-]+$/.test(key)) throw new Error(`sharedOnceSync: key ${JSON.stringify(key)} must be letters, digits, ".", "_" or "-"`);
  const cached = inProcessSync.get(key);
  if (cached) return unwrap(key, cached as Published<T>);
  const dir = sharedDir();
  let published: Published<T>;
  if (!dir) published = computeSync(compute);
  else {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${key}.json`);
    const lock = path.join(dir, `${key}.lock`);
    const timeoutMs = options.timeoutMs ?? 15 * 60 * 1000;
    const deadline = Date.now() + timeoutMs;
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    for (;;) {
      const read = readPublished<T>(file);
      if (read) {
        published = read;
        break;
      }
      if (takeLock(lock)) {
        published = computeSync(compute);
        publish(file, published);
        break;
      }
      if (Date.now() > deadline) throw new Error(`sharedOnceSync(${key}): no value after ${timeoutMs} ms; ${holder(lock)}`);
      Atomics.wait(sleeper, 0, 0, options.pollMs ?? 100);
    }
  }
  inProcessSync.set(key, published);
  return unwrap(key, published);
}

const inProcessSync = new Map<string, Published<unknown>>();

function computeSync<T>(compute: () => T): Published<T> {
  try {
    return { value: compute() };
  } catch (e) {
    return { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

async function acrossWorkers<T>(dir: string, key: string, compute: () => Promise<T>, timeoutMs: number, pollMs: number): Promise<T> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${key}.json`);
  const lock = path.join(dir, `${key}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const published = readPublished<T>(file);
    if (published) return unwrap(key, published);
    if (takeLock(lock)) return computeAndPublish(key, file, compute);
    if (Date.now() > deadline) throw new Error(`sharedOnce(${key}): no value after ${timeoutMs} ms; ${holder(lock)}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

function readPublished<T>(file: string): Published<T> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Published<T>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function unwrap<T>(key: string, published: Published<T>): T {
  if ('error' in published) throw new Error(`sharedOnce(${key}) failed in the test file that computed it:\n${published.error}`);
  return published.value;
}

/**
 * An owner that has written no pid this long after its `mkdir` is taken to have died in between (it writes the pid
 * right after the `mkdir`, so only a process stopped there for this long is wrongly taken for dead; the cost then is
 * one value computed twice, each published by a whole-file rename).
 */
const PIDLESS_DEAD_MS = 10_000;

/**
 * True when this process now holds the lock: it was free, or its owner is gone without publishing.
 *
 * The lock is a chain of directories, one per owner: `<key>.lock`, then `<key>.lock.1`, `<key>.lock.2`, ...; the
 * last one is the current owner's, its pid inside. Each is made by an atomic `mkdir`, and none is ever renamed or
 * removed during the run. Taking a dead owner's lock over is making the next directory: of the waiters that saw the
 * same dead owner, exactly one `mkdir` succeeds, and a waiter that saw it late fails too (the next directory exists),
 * so a live owner's lock is never taken. (Review 7, N5: the takeover used to rename the dead owner's directory away
 * and make it again; a second waiter that had read the same dead pid then renamed the new, live owner's directory
 * away as well, and both computed. Checking the pid after such a rename and putting the directory back would leave
 * a window in which a third waiter makes the lock afresh.)
 */
function takeLock(lock: string): boolean {
  const current = currentLock(lock);
  if (current !== undefined && !ownerGone(current.dir)) return false;
  const mine = chainLink(lock, current === undefined ? 0 : current.n + 1);
  try {
    fs.mkdirSync(mine);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  fs.writeFileSync(path.join(mine, 'pid'), String(process.pid));
  return true;
}

function chainLink(lock: string, n: number): string {
  return n === 0 ? lock : `${lock}.${n}`;
}

/** The last directory of the lock's chain (the current owner's), or undefined when nobody took the lock yet. */
function currentLock(lock: string): { n: number; dir: string } | undefined {
  let current: { n: number; dir: string } | undefined;
  for (let n = 0; fs.existsSync(chainLink(lock, n)); n++) current = { n, dir: chainLink(lock, n) };
  return current;
}

/** The owner of this chain directory is gone: its pid is dead, or it wrote none within PIDLESS_DEAD_MS. */
function ownerGone(dir: string): boolean {
  const owner = ownerPid(dir);
  if (owner !== undefined) return !alive(owner);
  // No pid (yet): the owner is between its mkdir and its write, or died there. The directory's mtime is its mkdir
  // (or the pid file's creation, which is later): still young, wait for it.
  return Date.now() - fs.statSync(dir).mtimeMs > PIDLESS_DEAD_MS;
}

/** For a timeout's message: which directory holds the lock, and its owner's pid. */
function holder(lock: string): string {
  const current = currentLock(lock);
  return `the lock ${current?.dir ?? lock} is held by pid ${current ? (ownerPid(current.dir) ?? 'unknown') : 'unknown'}`;
}

function ownerPid(lock: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function computeAndPublish<T>(key: string, file: string, compute: () => Promise<T>): Promise<T> {
  let published: Published<T>;
  try {
    published = { value: await compute() };
  } catch (e) {
    published = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  publish(file, published);
  return unwrap(key, published);
}

/** Written to a temporary file, then renamed: a reader never sees half of it. */
function publish<T>(file: string, published: Published<T>): void {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, JSON.stringify(published));
  fs.renameSync(partial, file);
}
