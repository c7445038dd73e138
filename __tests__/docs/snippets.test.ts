/**
 * Every TypeScript snippet of the docs compiles against the published API, as
 * a consumer of the package would write it (conventions: ./snippets.ts). One
 * compiler program checks the docs' snippets and the checker's own probes.
 */
import * as fs from 'fs';
import * as path from 'path';
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
