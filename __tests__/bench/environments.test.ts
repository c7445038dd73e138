/**
 * The scaling benchmark (bench/run.js) synthesizes generated environments;
 * these tests keep the generator in step with the environment schema and
 * the loader, so `npm run bench` cannot silently break when validation grows.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../modules/config/load';
import { validateEnvironments } from '../../modules/config/validate';

interface Generator {
  environmentName(i: number): string;
  generateEnvironments(templates: unknown[], count: number): Array<Record<string, any>>;
  writeEnvironments(dir: string, templates: unknown[], count: number): string;
}
interface Stats {
  quantile(values: number[], q: number): number;
  summarize(values: number[]): { n: number; median: number; min: number; max: number; q1: number; q3: number };
  linearFit(points: Array<[number, number]>): { slope: number; intercept: number };
}
// bench/ is plain CommonJS (it runs without a build step); typed here by hand.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gen = require('../../bench/lib/environments') as Generator;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stats = require('../../bench/lib/stats') as Stats;

const ENV_DIR = path.resolve(__dirname, '..', '..', 'environments');
const templates = fs
  .readdirSync(ENV_DIR)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.d.ts'))
  .sort()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  .map((f) => (require(path.join(ENV_DIR, f)) as { default: unknown }).default);

describe('bench environment generator', () => {
  test('names are e01, e02, ... and unique', () => {
    const envs = gen.generateEnvironments(templates, 50);
    expect(envs.map((e) => e.name).slice(0, 3)).toEqual(['e01', 'e02', 'e03']);
    expect(gen.environmentName(49)).toBe('e50');
    expect(new Set(envs.map((e) => e.name)).size).toBe(50);
    expect(new Set(envs.map((e) => e.network.cidr)).size).toBe(50);
    expect(new Set(envs.map((e) => e.dns.domain)).size).toBe(50);
  });

  test('cycles through the repository environments, keeping their shape', () => {
    const envs = gen.generateEnvironments(templates, templates.length * 2);
    const t0 = templates[0] as Record<string, any>;
    expect(envs[0].production).toBe(t0.production);
    expect(envs[templates.length].compute).toEqual(t0.compute);
    expect(envs[0].dns.domain).toBe(`api.e01.${t0.dns.zoneName}`);
  });

  test('50 generated environments pass validation together', () => {
    const sources = gen.generateEnvironments(templates, 50).map((raw) => ({ source: `${raw.name}.json`, fileName: raw.name as string, raw }));
    const configs = validateEnvironments(sources);
    expect(configs).toHaveLength(50);
    expect(configs[49].stackName).toBe('helloapi-e50');
  });

  test('written files load through HELLOAPI_ENVIRONMENTS_DIR like real environments', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-bench-envs-'));
    try {
      gen.writeEnvironments(dir, templates, 10);
      expect(fs.readdirSync(dir)).toHaveLength(10);
      const prev = process.env.HELLOAPI_ENVIRONMENTS_DIR;
      process.env.HELLOAPI_ENVIRONMENTS_DIR = dir;
      try {
        expect(loadEnvironments().map((c) => c.name)).toEqual(Array.from({ length: 10 }, (_, i) => gen.environmentName(i)));
      } finally {
        if (prev === undefined) delete process.env.HELLOAPI_ENVIRONMENTS_DIR;
        else process.env.HELLOAPI_ENVIRONMENTS_DIR = prev;
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses more environments than /16s under 10.0.0.0/8', () => {
    expect(() => gen.generateEnvironments(templates, 251)).toThrow(/at most 250/);
  });
});

describe('bench statistics', () => {
  test('median, quartiles and range', () => {
    const s = stats.summarize([5, 1, 3, 2, 4]);
    expect(s).toEqual({ n: 5, median: 3, min: 1, max: 5, q1: 2, q3: 4 });
    expect(stats.quantile([1, 2], 0.5)).toBe(1.5);
  });

  test('linear fit recovers slope and intercept', () => {
    const fit = stats.linearFit([
      [1, 0.5],
      [10, 1.4],
      [50, 5.4],
    ]);
    expect(fit.slope).toBeCloseTo(0.1, 6);
    expect(fit.intercept).toBeCloseTo(0.4, 6);
  });
});
