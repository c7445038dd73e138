/**
 * What the documented commands write by default stays out of git: a reviewer who runs them (docs/review.md,
 * README) must not find untracked folders in `git status`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Default output folders, each read from the script that writes it (a changed default fails the lookup). */
const OUTPUTS: [script: string, pattern: RegExp][] = [
  ['scripts/drift.ts', /option\(argv, '--out'\) \?\? '([a-z.-]+)'/],
  ['scripts/plan.ts', /let outDir = '([a-z.-]+)'/],
  ['scripts/audit.ts', /argValue\('--out'\) \?\? '([a-z.-]+)'/],
];

describe('.gitignore', () => {
  it.each(OUTPUTS)("ignores the default output folder of %s", (script, pattern) => {
    const folder = pattern.exec(fs.readFileSync(path.join(ROOT, script), 'utf8'))?.[1];
    expect(folder).toBeDefined();
    const r = spawnSync('git', ['check-ignore', '-q', `${folder}/summary.md`], { cwd: ROOT });
    expect([script, folder, r.status]).toEqual([script, folder, 0]);
  });
});
