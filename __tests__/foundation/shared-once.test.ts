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
