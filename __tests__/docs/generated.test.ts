/**
 * The generated docs are what the code prints today (scripts/docs.ts): the
 * architecture pages, the policy catalogue, and the samples of audit, plan and
 * cost output between GENERATED markers in README.md and docs/review.md.
 * Regenerate with `npm run docs`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../modules/config/load';
import { auditConsoleExcerpt, docsInputs, fillGeneratedRegions, markedCommands, nestHeadings, renderDocs, SAMPLES } from '../../scripts/docs';

const root = path.resolve(__dirname, '..', '..');
const rendered = renderDocs(docsInputs(root));
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');

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
