/**
 * support/shared.ts (sharedOnce): once per jest run across worker processes, and support/layer-fixtures.ts's
 * result splitting (moduleResult). Other test files share Terraform plans through these, so a value computed twice,
 * a waiter that never returns, or a module's result mixed with another's must fail here.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { StackPlanResult } from '../../scripts/offline-plan';
import { committedStacks, SynthesizedStack, synthEnvironments, tmpOutdir } from '../support/synth';
import { environmentStackNames } from '../support/environments';
import { sharedDir } from '../support/shared';

type Shared = typeof import('../support/shared');

/** A fresh copy of the module (its in-process cache empty), as another test file or worker would load it. */
function freshShared(): Shared {
  let m!: Shared;
  jest.isolateModules(() => {
    m = require('../support/shared') as Shared;
  });
  return m;
}

describe('sharedOnce', () => {
  const saved = process.env.HELLOAPI_JEST_TMPDIR;
  let runTmp: string;
  let dir: string;
  beforeEach(() => {
    runTmp = tmpOutdir('helloapi-shared-');
    process.env.HELLOAPI_JEST_TMPDIR = runTmp;
    dir = path.join(runTmp, 'shared');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.HELLOAPI_JEST_TMPDIR;
    else process.env.HELLOAPI_JEST_TMPDIR = saved;
  });

  it('computes once: concurrent callers, and callers in another module instance, get the published value', async () => {
    let calls = 0;
    const compute = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 50));
      return { plan: 'x', n: calls };
    };
    const a = freshShared();
    const [one, two] = await Promise.all([a.sharedOnce('k1', compute), a.sharedOnce('k1', compute)]);
    const three = await freshShared().sharedOnce('k1', compute, { pollMs: 10 });
    expect([one, two, three]).toEqual([{ plan: 'x', n: 1 }, { plan: 'x', n: 1 }, { plan: 'x', n: 1 }]);
    expect(calls).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'k1.json'), 'utf8'))).toEqual({ value: { plan: 'x', n: 1 } });
  });

  it('waits while a live process holds the lock, then reads what it published', async () => {
    const holder: ChildProcess = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      fs.mkdirSync(path.join(dir, 'k2.lock'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'k2.lock', 'pid'), String(holder.pid));
      setTimeout(() => fs.writeFileSync(path.join(dir, 'k2.json'), JSON.stringify({ value: 'from the holder' })), 300);
      const compute = jest.fn(async () => 'computed here');
      expect(await freshShared().sharedOnce('k2', compute, { pollMs: 20 })).toBe('from the holder');
      expect(compute).not.toHaveBeenCalled();
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes the lock over when its holder died without publishing', async () => {
    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    fs.mkdirSync(path.join(dir, 'k3.lock'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'k3.lock', 'pid'), String(gone.pid));
    expect(await freshShared().sharedOnce('k3', async () => 'recomputed', { pollMs: 20 })).toBe('recomputed');
  });

  it('publishes a failure: the computing caller and every later one fail with its message, nobody computes again', async () => {
    const failing = async (): Promise<string> => {
      throw new Error('terraform init failed: no mirror');
    };
    await expect(freshShared().sharedOnce('k4', failing)).rejects.toThrow(/terraform init failed: no mirror/);
    const again = jest.fn(async () => 'no');
    await expect(freshShared().sharedOnce('k4', again)).rejects.toThrow(/failed in the test file that computed it:\n.*terraform init failed: no mirror/);
    expect(again).not.toHaveBeenCalled();
  });

  it('gives up after its timeout, naming the holder', async () => {
    fs.mkdirSync(path.join(dir, 'k5.lock'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'k5.lock', 'pid'), String(process.pid));
    await expect(freshShared().sharedOnce('k5', async () => 'x', { timeoutMs: 100, pollMs: 20 })).rejects.toThrow(`held by pid ${process.pid}`);
  });

  it('outside a jest run computes in the process, once; refuses keys that are not file names', async () => {
    delete process.env.HELLOAPI_JEST_TMPDIR;
    const shared = freshShared();
    const compute = jest.fn(async () => 1);
    expect(await shared.sharedOnce('k6', compute)).toBe(1);
    expect(await shared.sharedOnce('k6', compute)).toBe(1);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(fs.existsSync(dir)).toBe(false);
    expect(() => shared.sharedOnce('../x', compute)).toThrow(/must be letters, digits/);
  });
});

describe('sharedOnceSync', () => {
  const saved = process.env.HELLOAPI_JEST_TMPDIR;
  let dir: string;
  beforeEach(() => {
    const runTmp = tmpOutdir('helloapi-shared-');
    process.env.HELLOAPI_JEST_TMPDIR = runTmp;
    dir = path.join(runTmp, 'shared');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.HELLOAPI_JEST_TMPDIR;
    else process.env.HELLOAPI_JEST_TMPDIR = saved;
  });

  it('computes once: a second call and another module instance get the published value', () => {
    let calls = 0;
    const compute = jest.fn(() => ({ outdir: '/x', n: (calls += 1) }));
    const a = freshShared();
    expect(a.sharedOnceSync('s1', compute)).toEqual({ outdir: '/x', n: 1 });
    expect(a.sharedOnceSync('s1', compute)).toEqual({ outdir: '/x', n: 1 });
    expect(freshShared().sharedOnceSync('s1', compute)).toEqual({ outdir: '/x', n: 1 });
    expect(compute).toHaveBeenCalledTimes(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 's1.json'), 'utf8'))).toEqual({ value: { outdir: '/x', n: 1 } });
  });

  it('blocks while a live process holds the lock, then reads what that process published', () => {
    fs.mkdirSync(path.join(dir, 's2.lock'), { recursive: true });
    // The holder is another process (this one is blocked while it waits): it publishes after 300 ms.
    const file = path.join(dir, 's2.json');
    const holder = spawn('sh', ['-c', `sleep 0.3; printf '%s' '{"value":"from the holder"}' > '${file}.tmp' && mv '${file}.tmp' '${file}'; sleep 30`], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dir, 's2.lock', 'pid'), String(holder.pid));
      const compute = jest.fn(() => 'computed here');
      const started = Date.now();
      expect(freshShared().sharedOnceSync('s2', compute, { pollMs: 20 })).toBe('from the holder');
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      expect(compute).not.toHaveBeenCalled();
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes the lock over when its holder died without publishing', async () => {
    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    fs.mkdirSync(path.join(dir, 's3.lock'), { recursive: true });
    fs.writeFileSync(path.join(dir, 's3.lock', 'pid'), String(gone.pid));
    expect(freshShared().sharedOnceSync('s3', () => 'recomputed', { pollMs: 20 })).toBe('recomputed');
  });

  it('publishes a failure: every later caller fails with its message, nobody computes again; gives up after its timeout', () => {
    const failing = (): string => {
      throw new Error('synth failed: no such environment');
    };
    expect(() => freshShared().sharedOnceSync('s4', failing)).toThrow(/synth failed: no such environment/);
    const again = jest.fn(() => 'no');
    expect(() => freshShared().sharedOnceSync('s4', again)).toThrow(/failed in the test file that computed it:\n.*synth failed: no such environment/);
    expect(again).not.toHaveBeenCalled();
    fs.mkdirSync(path.join(dir, 's5.lock'), { recursive: true });
    fs.writeFileSync(path.join(dir, 's5.lock', 'pid'), String(process.pid));
    expect(() => freshShared().sharedOnceSync('s5', () => 'x', { timeoutMs: 100, pollMs: 20 })).toThrow(`held by pid ${process.pid}`);
  });

  it('outside a jest run computes in the process, once; refuses keys that are not file names', () => {
    delete process.env.HELLOAPI_JEST_TMPDIR;
    const shared = freshShared();
    const compute = jest.fn(() => 1);
    expect(shared.sharedOnceSync('s6', compute)).toBe(1);
    expect(shared.sharedOnceSync('s6', compute)).toBe(1);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(fs.existsSync(dir)).toBe(false);
    expect(() => shared.sharedOnceSync('../x', compute)).toThrow(/must be letters, digits/);
  });
});

/** The pid of a process that has exited: no process has it now. */
async function deadPid(): Promise<number> {
  const gone = spawn('true');
  await new Promise((r) => gone.once('exit', r));
  return gone.pid!;
}

/**
 * A fresh module instance (waiter B) whose first read of `file` returns what the file held, but only after
 * `meanwhile` ran: another waiter (A) acting between B's read of the owner's pid and B's next step. Deterministic,
 * no timing: the interleaving of review 7's N5. The module is loaded while `fs.readFileSync` is replaced, since the
 * compiled import copies fs's functions when the module loads; `restore` puts fs back.
 */
function waiterInterruptedAfterReading(file: string, meanwhile: () => void): { b: Shared; restore: () => void } {
  const realFs = require('fs') as typeof fs;
  const original = realFs.readFileSync;
  let fired = false;
  realFs.readFileSync = function (this: unknown, ...args: unknown[]) {
    const read = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (!fired && args[0] === file) {
      fired = true;
      meanwhile();
    }
    return read;
  } as typeof fs.readFileSync;
  try {
    return { b: freshShared(), restore: () => (realFs.readFileSync = original) };
  } catch (e) {
    realFs.readFileSync = original;
    throw e;
  }
}

describe('taking a lock over (review 7, N5): never from a live owner, and from an owner that died before writing its pid', () => {
  const saved = process.env.HELLOAPI_JEST_TMPDIR;
  let dir: string;
  beforeEach(() => {
    const runTmp = tmpOutdir('helloapi-shared-');
    process.env.HELLOAPI_JEST_TMPDIR = runTmp;
    dir = path.join(runTmp, 'shared');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.HELLOAPI_JEST_TMPDIR;
    else process.env.HELLOAPI_JEST_TMPDIR = saved;
  });

  /** Stages `<key>.lock` with a dead owner's pid; returns the pid file's path. */
  async function deadOwnersLock(key: string): Promise<string> {
    const lock = path.join(dir, `${key}.lock`);
    fs.mkdirSync(lock, { recursive: true });
    fs.writeFileSync(path.join(lock, 'pid'), String(await deadPid()));
    return path.join(lock, 'pid');
  }

  /**
   * Waiter A, started between B's read of the dead pid and B's next step: it read the same dead pid, takes the
   * lock over and starts computing (its compute stays pending until `release`, so A is a live owner that has not
   * published when B goes on).
   */
  function waiterA(key: string, calls: { n: number }) {
    const a: { value?: Promise<string>; release?: (v: string) => void } = {};
    const start = () => {
      a.value = freshShared().sharedOnce(key, () => {
        calls.n += 1;
        return new Promise<string>((r) => (a.release = r));
      }, { pollMs: 10 });
    };
    return { a, start };
  }

  it('sharedOnce: a waiter that read the same dead pid as another does not take the lock the other now holds', async () => {
    const pidFile = await deadOwnersLock('r1');
    const calls = { n: 0 };
    const { a, start } = waiterA('r1', calls);
    const { b, restore } = waiterInterruptedAfterReading(pidFile, start);
    try {
      const bValue = b.sharedOnce('r1', async () => {
        calls.n += 1;
        return 'computed by B';
      }, { pollMs: 10 });
      expect(a.release).toBeDefined(); // A took the lock over and is computing
      expect(calls.n).toBe(1); // B waits instead of computing too
      a.release!('computed by A');
      expect(await a.value).toBe('computed by A');
      expect(await bValue).toBe('computed by A');
      expect(calls.n).toBe(1);
    } finally {
      restore();
      a.release?.('released');
    }
  });

  it('sharedOnceSync: the same interleaving; B blocks on A\'s live lock until its timeout, naming A', async () => {
    const pidFile = await deadOwnersLock('r2');
    const calls = { n: 0 };
    const { a, start } = waiterA('r2', calls);
    const { b, restore } = waiterInterruptedAfterReading(pidFile, start);
    try {
      // A cannot publish while B blocks this thread: B must time out, not compute.
      expect(() => b.sharedOnceSync('r2', () => {
        calls.n += 1;
        return 'computed by B';
      }, { timeoutMs: 300, pollMs: 20 })).toThrow(`held by pid ${process.pid}`);
      expect(calls.n).toBe(1);
      a.release!('computed by A');
      expect(await a.value).toBe('computed by A');
      expect(freshShared().sharedOnceSync('r2', () => 'computed again')).toBe('computed by A');
      expect(calls.n).toBe(1);
    } finally {
      restore();
      a.release?.('released');
    }
  });

  it('follows the chain of owners: waits on the last one while it lives, takes over after it when it is dead too', async () => {
    const live: ChildProcess = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      // c1: the first owner died, the waiter that took over lives. c2: both died.
      const owners = { c1: [await deadPid(), live.pid!], c2: [await deadPid(), await deadPid()] };
      for (const [key, pids] of Object.entries(owners)) {
        pids.forEach((pid, n) => {
          const link = path.join(dir, n === 0 ? `${key}.lock` : `${key}.lock.${n}`);
          fs.mkdirSync(link, { recursive: true });
          fs.writeFileSync(path.join(link, 'pid'), String(pid));
        });
      }
      const compute = jest.fn(async () => 'x');
      await expect(freshShared().sharedOnce('c1', compute, { timeoutMs: 200, pollMs: 20 })).rejects.toThrow(`c1.lock.1 is held by pid ${live.pid}`);
      expect(compute).not.toHaveBeenCalled();
      expect(freshShared().sharedOnceSync('c2', () => 'recomputed', { timeoutMs: 3000, pollMs: 20 })).toBe('recomputed');
      expect(fs.readFileSync(path.join(dir, 'c2.lock.2', 'pid'), 'utf8')).toBe(String(process.pid));
      // The dead owners' directories stay as they were: a takeover moves nothing.
      expect(fs.readFileSync(path.join(dir, 'c2.lock', 'pid'), 'utf8')).toBe(String(owners.c2[0]));
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('takes over a lock without a pid made over 10 s ago (its owner died between its mkdir and writing the pid)', async () => {
    const longAgo = new Date(Date.now() - 60_000);
    for (const key of ['p1', 'p2']) {
      fs.mkdirSync(path.join(dir, `${key}.lock`), { recursive: true });
      if (key === 'p2') fs.writeFileSync(path.join(dir, `${key}.lock`, 'pid'), ''); // created, never written
      fs.utimesSync(path.join(dir, `${key}.lock`), longAgo, longAgo);
    }
    expect(await freshShared().sharedOnce('p1', async () => 'recomputed', { timeoutMs: 3000, pollMs: 20 })).toBe('recomputed');
    expect(freshShared().sharedOnceSync('p2', () => 'recomputed', { timeoutMs: 3000, pollMs: 20 })).toBe('recomputed');
  });

  it('waits for a lock without a pid made just now (its owner is about to write it)', async () => {
    fs.mkdirSync(path.join(dir, 'p3.lock'), { recursive: true });
    const compute = jest.fn(async () => 'x');
    await expect(freshShared().sharedOnce('p3', compute, { timeoutMs: 300, pollMs: 20 })).rejects.toThrow(/no value after 300 ms; the lock .*p3\.lock is held by pid unknown/);
    expect(() => freshShared().sharedOnceSync('p3', () => 'x', { timeoutMs: 300, pollMs: 20 })).toThrow(/no value after 300 ms/);
    expect(compute).not.toHaveBeenCalled();
  });
});

describe('committedStacks: the committed environments synthesized once per run', () => {
  it('is byte for byte what synthEnvironments() writes for the committed environments, in this run\'s shared folder', () => {
    const shared = committedStacks();
    const own = synthEnvironments();
    expect([...shared.keys()].sort()).toEqual([...own.keys()].sort());
    expect([...shared.keys()]).toEqual(expect.arrayContaining(environmentStackNames()));
    for (const [name, s] of own) {
      const text = (st: SynthesizedStack) => fs.readFileSync(path.join(st.dir, 'cdk.tf.json'), 'utf8');
      expect({ name, same: text(shared.get(name)!) === text(s) }).toEqual({ name, same: true });
    }
    const runShared = sharedDir();
    if (runShared) expect(shared.get(own.keys().next().value!)!.dir.startsWith(runShared + path.sep)).toBe(true);
    // Each call parses again: a caller may change its objects without changing another's.
    const first = committedStacks().get('helloapi-dev')!;
    first.json.resource = {};
    expect(committedStacks().get('helloapi-dev')!.count('aws_vpc')).toBe(1);
  });

  it('keeps the offline synthesis apart from the online one (its own key, offline providers)', () => {
    const offline = committedStacks({ offline: true }).get('helloapi-dev')!;
    const online = committedStacks().get('helloapi-dev')!;
    expect(offline.dir).not.toBe(online.dir);
    expect(JSON.stringify(offline.json.provider)).toContain('skip_credentials_validation');
    expect(JSON.stringify(online.json.provider)).not.toContain('skip_credentials_validation');
  });
});

describe('moduleResult: one fixture\'s part of the joint plan', () => {
  it('keeps only its module\'s resources, addressed as if it had been the root, and counts them', async () => {
    const { moduleResult } = await import('../support/layer-fixtures');
    const change = (address: string) => ({ address, module_address: address.replace(/\.[^.]+\.[^.]+$/, ''), type: 't', change: { actions: ['create'] } });
    const joint: StackPlanResult = {
      stack: 'joint',
      ok: true,
      resourceCount: 3,
      createdAddresses: ['module.compute.aws_a.x', 'module.compute_extra.aws_b.y', 'module.compute.module.inner.aws_c.z'],
      seconds: 1,
      workdir: '/w',
      planJson: { resource_changes: ['module.compute.aws_a.x', 'module.compute_extra.aws_b.y', 'module.compute.module.inner.aws_c.z'].map(change) },
    };
    const part = moduleResult(joint, 'compute');
    expect(part.createdAddresses).toEqual(['aws_a.x', 'module.inner.aws_c.z']);
    expect(part.resourceCount).toBe(2);
    expect(part.stack).toBe('compute');
    expect(part.planJson!.resource_changes!.map((r) => r.address)).toEqual(['aws_a.x', 'module.inner.aws_c.z']);
    expect(part.planJson!.resource_changes!.some((r) => 'module_address' in r)).toBe(false);
  });
});
