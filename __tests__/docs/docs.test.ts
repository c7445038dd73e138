/**
 * Docs that cannot drift (issue 18, item 7), one suite so they share one jest worker start:
 * - every TypeScript snippet of the Markdown docs compiles against the published API, as a consumer of the
 *   package would write it (conventions: ./snippets.ts); one compiler program checks the docs' snippets and the
 *   checker's own probes;
 * - the generated docs are what the code prints today (scripts/docs.ts): the architecture pages, the policy
 *   catalogue, and the samples of audit, synth, plan and cost output between GENERATED markers in README.md and
 *   docs/review.md. Regenerate with `npm run docs`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../modules/config/load';
import { auditConsoleExcerpt, docsInputs, fillGeneratedRegions, markedCommands, nestHeadings, renderDocs, SAMPLES } from '../../scripts/docs';
import { checkSnippets, codeBlocks, CodeBlock, ROOT, typeScriptBlocks } from './snippets';

/** The snippets fenced ```ts nocheck: fragments that are not TypeScript on their own. Keep this list short. */
const PARTIAL: Record<string, string> = {
  'docs/deploy.md': 'an environment file fragment (the dns and state fields, with "...")',
};

/** Snippets the checker must refuse, each with the problem it must report. */
const probe = (name: string, text: string): CodeBlock => ({ file: `probe/${name}.md`, line: 10, lang: 'ts', flags: [], text });
const PROBES = [
  probe('unexported-subpath', "import { Edge } from 'helloapi-infra/modules/edge';\n\nnew Edge(this, 'edge', {} as never);"),
  probe(
    'construct-for-outputs',
    [
      "import { Database } from 'helloapi-infra/database';",
      '',
      "new Database(this, 'db', {",
      "  name: 'x', accountId: '123456789012', region: 'us-east-1',",
      '  network,',
      "  instanceClass: 'db.t4g.small', allocatedStorage: 20, databaseName: 'x',",
      '});',
    ].join('\n'),
  ),
  probe('undeclared', "new Compute(this, 'compute', { database: database.outputs });"),
];

describe('TypeScript snippets in the docs', () => {
  const blocks = typeScriptBlocks();
  const checked = blocks.filter((b) => !b.flags.includes('nocheck'));
  let problems: string[];

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'index.d.ts'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
    problems = checkSnippets([...checked, ...PROBES]);
  });

  it('finds the snippets of the READMEs (root and layers)', () => {
    const files = new Set(checked.map((b) => b.file));
    for (const f of ['README.md', 'modules/network/README.md', 'modules/database/README.md', 'modules/compute/README.md', 'modules/edge/README.md']) expect(files).toContain(f);
  });

  it('compile, importing helloapi-infra through its package exports (problems as <file>:<line>: <message>)', () => {
    expect(problems.filter((p) => !p.startsWith('probe/'))).toEqual([]);
  });

  it('are partial (```ts nocheck) only where listed', () => {
    expect(blocks.filter((b) => b.flags.includes('nocheck')).map((b) => b.file)).toEqual(Object.keys(PARTIAL));
  });

  describe('the checker', () => {
    const of = (name: string) => problems.filter((p) => p.startsWith(`probe/${name}.md:`));

    it('refuses a subpath the package does not export, at its line in the Markdown file', () => {
      expect(of('unexported-subpath')).toEqual([expect.stringMatching(/^probe\/unexported-subpath\.md:10: Cannot find module 'helloapi-infra\/modules\/edge'/)]);
    });

    it('refuses a whole construct passed where its outputs are required', () => {
      expect(of('construct-for-outputs')).toEqual([expect.stringMatching(/^probe\/construct-for-outputs\.md:14: .*'Network'/s)]);
    });

    it('refuses a name that is neither imported nor in the snippet context', () => {
      expect(of('undeclared')).toEqual([expect.stringMatching(/^probe\/undeclared\.md:10: Cannot find name 'Compute'/)]);
    });

    it('finds fenced blocks with their language, flags and first line', () => {
      expect(codeBlocks('a.md', 'text\n```ts nocheck\nconst a = 1;\n```\n\n```bash\nls\n```\n')).toEqual([
        { file: 'a.md', line: 3, lang: 'ts', flags: ['nocheck'], text: 'const a = 1;' },
        { file: 'a.md', line: 7, lang: 'bash', flags: [], text: 'ls' },
      ]);
    });
  });
});

const rendered = renderDocs(docsInputs(ROOT));
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

describe('generated docs (regenerate with `npm run docs`)', () => {
  it.each([...rendered.files.keys()])('%s is what npm run docs writes', (file) => {
    expect(read(file)).toBe(rendered.files.get(file));
  });

  it('has an architecture page for every environment and none for an environment that does not exist', () => {
    expect([...rendered.files.keys()].filter((f) => f.startsWith(path.join('docs', 'architecture'))).sort()).toEqual(
      loadEnvironments()
        .map((c) => path.join('docs', 'architecture', `${c.name}.md`))
        .sort(),
    );
    expect(rendered.stale).toEqual([]);
  });

  it('marks every sample of the tools output in README.md and docs/review.md, and no other', () => {
    const marked = ['README.md', 'docs/review.md'].flatMap((f) => markedCommands(read(f)).map((c) => `${f}: ${c}`));
    expect(marked.sort()).toEqual(Object.entries(SAMPLES).map(([c, s]) => `${s.file}: ${c}`).sort());
  });
});

describe('the docs generator', () => {
  it('replaces what is between the markers of a command, and refuses unknown commands and unpaired markers', () => {
    const text = 'a\n<!-- BEGIN GENERATED: x -->\nold\n<!-- END GENERATED: x -->\nb';
    expect(fillGeneratedRegions('f.md', text, (c) => (c === 'x' ? 'new\nlines' : undefined))).toBe('a\n<!-- BEGIN GENERATED: x -->\nnew\nlines\n<!-- END GENERATED: x -->\nb');
    expect(() => fillGeneratedRegions('f.md', text, () => undefined)).toThrow('f.md:2: no generator for "x"');
    expect(() => fillGeneratedRegions('f.md', 'a\n<!-- BEGIN GENERATED: x -->\nold\n', () => 'n')).toThrow('f.md:2: "x" has no END GENERATED marker');
    expect(() => fillGeneratedRegions('f.md', '<!-- END GENERATED: x -->', () => 'n')).toThrow('f.md:1: END GENERATED without BEGIN');
  });

  it('nests headings under the section that shows them, leaving code blocks alone', () => {
    expect(nestHeadings('## Plan\n\n```\n# not a heading\n```\n### Part\n', 4)).toBe('#### Plan\n\n```\n# not a heading\n```\n##### Part\n');
  });

  it('cuts the audit console to one stack block, the cross-account rules and the verdicts', () => {
    const printed = [
      '== app-prod (environment, production): PASS',
      ...['one', 'two', 'three', 'four', 'five'].map((x) => `  ${x}  PASS  evidence`),
      '',
      '  pass       HAPI-ACM-01   a: b',
      '  pass       HAPI-XACC-01  backend: ok',
      '  pass       HAPI-XACC-01  backend: again',
      `  pass       HAPI-XACC-02  ${'x'.repeat(200)}`,
      '',
      '== app-state (state, production): PASS',
      '  pass       HAPI-XACC-01  other: ok',
      '',
      'app-prod                     PASS',
      'app-state                    PASS',
      'reports written to reports',
    ].join('\n');
    const excerpt = auditConsoleExcerpt(printed, 'app-prod').split('\n');
    expect(excerpt.slice(0, 6)).toEqual(['```', '== app-prod (environment, production): PASS', '  one  PASS  evidence', '  two  PASS  evidence', '  three  PASS  evidence', '  four  PASS  evidence']);
    expect(excerpt.slice(6)).toEqual(['  ...', '  pass       HAPI-XACC-01  backend: ok', `  pass       HAPI-XACC-02  ${'x'.repeat(150 - 4 - 27)} ...`, '  ...', 'app-prod                     PASS', 'app-state                    PASS', '```']);
  });
});

describe("README's relaxations table", () => {
  it('lists every relaxation once, with whether production allows it, as modules/config/relaxations.ts has them', () => {
    const { RELAXATIONS } = require('../../modules/config/relaxations') as typeof import('../../modules/config/relaxations');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Relaxations'), readme.indexOf('## Deploy'));
    const rows = [...section.matchAll(/^\| `([A-Za-z]+)` \| [^|]+ \| (refused|allowed with reason) \|$/gm)].map((m) => [m[1], m[2] !== 'refused'] as const);
    expect(rows.map(([n]) => n).sort()).toEqual(Object.keys(RELAXATIONS).sort());
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(RELAXATIONS).map(([n, r]) => [n, r.allowedInProduction])));
    // The sentence above the table names the ones production allows.
    const allowed = Object.entries(RELAXATIONS).filter(([, r]) => r.allowedInProduction).map(([n]) => `\`${n}\``);
    expect(section).toContain(`Production refuses all but ${allowed.join(' and ')}`);
  });
});
