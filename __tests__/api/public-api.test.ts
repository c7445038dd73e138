/**
 * The public API: a committed report of every exported declaration (a change
 * to it is deliberate: `npm run api:update`), and documentation of every
 * exported property (JSDoc, plus `@default` when optional).
 */
import * as fs from 'fs';
import { API_REPORT, renderApiReport } from '../../scripts/api-report';
import { checkApiDocs } from '../../scripts/api-docs';

describe('public API', () => {
  it('matches the committed API report (run `npm run api:update` and review the diff when it changes)', () => {
    const committed = fs.readFileSync(API_REPORT, 'utf8');
    expect(renderApiReport()).toBe(committed);
  });

  it('documents every exported property, with @default on optional ones', () => {
    expect(checkApiDocs().map((p) => `${p.file}: ${p.symbol} ${p.message}`)).toEqual([]);
  });

  it('exposes every layer on its own subpath', () => {
    const pkg = JSON.parse(fs.readFileSync(require.resolve('../../package.json'), 'utf8'));
    for (const layer of ['network', 'database', 'compute', 'edge', 'monitoring', 'account-baseline', 'state']) {
      expect(pkg.exports[`./${layer}`]).toEqual({ types: `./dist/modules/${layer}/index.d.ts`, default: `./dist/modules/${layer}/index.js` });
    }
  });
});
