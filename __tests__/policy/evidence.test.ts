/**
 * Compliance evidence (`npm run audit -- --format sarif|junit|json|matrix`): one audit of a dev environment with a
 * relaxation, a suppressed warning and a warning left failing, plus prod with a stale suppression (a policy problem),
 * rendered in every format. The SARIF is validated against the OASIS schema shipped in __tests__/fixtures/sarif.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct, Node } from 'constructs';
import { controlCell, controlDefinitions, controlMatrix, controlMatrixMarkdown, CONTROL_STATUSES } from '../../modules/policy/controls';
import { AuditEvidence, AuditJson, FORMAT_FILES, parseAuditFormat } from '../../modules/policy/evidence';
import { DEFAULT_PACK } from '../../modules/policy/packs';
import { toSarif, SARIF_SCHEMA } from '../../modules/policy/sarif';
import { creationLine, recordConstructSources, repositoryRoot, resourceSources, sourcePathOf } from '../../modules/policy/sources';
import type { RuleResult, StackReport } from '../../modules/policy/types';
import { main, renderEvidence, runAudit } from '../../scripts/audit';
import { Wrapper } from '../fixtures/sources/wrapper';
import { devInput, prodInput, resolveInputs } from '../support/fixtures';
import { tmpOutdir } from '../support/synth';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Ajv = require('ajv-draft-04') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DOMParser } = require('@xmldom/xmldom') as { DOMParser: new (o?: object) => { parseFromString(s: string, t: string): XmlDoc } };
type XmlEl = { getAttribute(n: string): string; getElementsByTagName(n: string): XmlEl[] & { length: number }; parentNode: XmlEl; tagName: string };
type XmlDoc = { documentElement: XmlEl; getElementsByTagName(n: string): XmlEl[] & { length: number } };

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA_FILE = path.join(ROOT, '__tests__', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const LINUX = 'AWSManagedRulesLinuxRuleSet';
const SUPPRESSION = { rule: 'HAPI-WAF-09', resource: 'aws_wafv2_web_acl.edge_waf_acl', reason: 'Linux rule group observed for one release before it blocks.' };
const STALE = { rule: 'HAPI-RDS-01', resource: 'aws_db_instance.database_primary', reason: 'Left over from a migration long finished.' };
const RELAXATION_REASON = 'Dev logs are for debugging only; 30 days is enough.';

type Json = Record<string, any>;

describe('audit --format (compliance evidence)', () => {
  let evidence: AuditEvidence;
  let sarif: Json;
  let exitCode: number;
  let sarifFile: string;

  beforeAll(() => {
    const dev = devInput({
      edge: { extraWafManagedRuleGroups: [LINUX], wafRuleModes: { [LINUX]: 'count' } },
      relaxations: { shortLogRetention: { reason: RELAXATION_REASON } },
      logRetentionDays: 30,
      policy: { suppressions: [SUPPRESSION] },
    } as Json);
    const configs = resolveInputs(dev, prodInput({ policy: { suppressions: [STALE] } }));
    const result = runAudit({ configs, outDir: path.join(tmpOutdir(), 'reports'), format: 'sarif', write: () => undefined });
    evidence = result.evidence!;
    exitCode = result.exitCode;
    sarifFile = result.file!;
    sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
  });

  const results = () => sarif.runs[0].results as Json[];
  const resultsOf = (rule: string, stack: string) => results().filter((r) => r.ruleId === rule && r.properties.stack === stack);

  describe('SARIF', () => {
    it('ships the OASIS 2.1.0 (errata 01) schema, a draft-04 schema, and the output validates against it', () => {
      const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
      expect(schema.id).toBe(SARIF_SCHEMA);
      expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
      const ajv = new Ajv({ allErrors: true, strict: false, formats: { uri: /^[a-z][a-z0-9+.-]*:\S*$/i, 'uri-reference': /^\S*$/, 'date-time': true } });
      const validate = ajv.compile(schema);
      expect([validate(sarif), validate.errors ?? []]).toEqual([true, []]);
      expect(sarif.$schema).toBe(SARIF_SCHEMA);
      // The validator is live: a wrong level, a missing message and a relative helpUri are refused.
      const broken = JSON.parse(JSON.stringify(sarif));
      broken.runs[0].results[0].level = 'fatal';
      expect(validate(broken)).toBe(false);
      delete broken.runs[0].results[0].level;
      delete broken.runs[0].results[0].message;
      expect(validate(broken)).toBe(false);
      const relative = JSON.parse(JSON.stringify(sarif));
      relative.runs[0].tool.driver.rules[0].helpUri = 'docs/policy-rules.md';
      expect(validate(relative)).toBe(false);
    });

    it('is written to <out>/audit.sarif; the exit code still says a production error remains', () => {
      expect(path.basename(sarifFile)).toBe(FORMAT_FILES.sarif);
      expect(exitCode).toBe(1);
      expect(sarif.runs).toHaveLength(1);
    });

    it('describes every rule of the pack once, with controls, tags and a default level; ruleIndex points at the rule', () => {
      const rules = sarif.runs[0].tool.driver.rules as Json[];
      expect(rules.map((r) => r.id)).toEqual([...DEFAULT_PACK.rules.map((r) => r.id), 'HAPI-POLICY-01', 'HAPI-POLICY-02']);
      const s3 = rules.find((r) => r.id === 'HAPI-S3-01')!;
      expect(s3.name).toBe('EveryS3BucketHasAPublicAccessBlockWithAllFourSettingsOn');
      expect(s3.shortDescription.text).toBe(DEFAULT_PACK.rules.find((r) => r.id === 'HAPI-S3-01')!.title);
      expect(s3.fullDescription.text).toContain(s3.shortDescription.text);
      expect(s3.properties.controls).toEqual(expect.arrayContaining(['FSBP S3.8', 'checkov CKV2_AWS_6']));
      expect(s3.properties.tags).toEqual(expect.arrayContaining(['security', 's3', 'fsbp']));
      expect(s3.defaultConfiguration.level).toBe('error');
      expect(rules.find((r) => r.id === 'HAPI-WAF-09')!.defaultConfiguration.level).toBe('warning');
      expect(s3.helpUri).toBeUndefined(); // no GitHub variables in this run
      for (const r of results()) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    });

    it('lists failing, relaxed and suppressed results and policy problems, not passes (counted per stack)', () => {
      const statuses = new Set(results().map((r) => r.properties.status));
      expect([...statuses].sort()).toEqual(['fail', 'relaxed', 'suppressed']);
      const passes = evidence.run.reports.map((r) => [r.stackName, r.results.filter((x) => x.status === 'pass').length]);
      expect(Object.entries(sarif.runs[0].properties.passes)).toEqual(passes);
      const open = resultsOf('HAPI-WAF-09', 'helloapi-dev').filter((r) => r.properties.status === 'fail');
      expect(open.map((r) => [r.level, r.suppressions])).toEqual([['warning', undefined]]);
      // Accepted results are notes (with suppressions), whatever the rule's severity: never an open error alert.
      const rules = sarif.runs[0].tool.driver.rules as Json[];
      const accepted = results().filter((r) => r.properties.status !== 'fail' && r.ruleId.startsWith('HAPI-') && !r.ruleId.startsWith('HAPI-POLICY'));
      expect(accepted.length).toBeGreaterThan(0);
      expect(accepted.some((r) => rules[r.ruleIndex].defaultConfiguration.level === 'error')).toBe(true);
      expect(new Set(accepted.map((r) => r.level))).toEqual(new Set(['note']));
      expect(resultsOf('HAPI-POLICY-01', 'helloapi-prod')).toHaveLength(1);
    });

    it('turns a suppression into a SARIF suppression with its reason, located at the environment file line naming the rule', () => {
      const [r] = resultsOf('HAPI-WAF-09', 'helloapi-dev').filter((x) => x.properties.status === 'suppressed');
      expect(r.locations[0].logicalLocations[0]).toEqual({ name: SUPPRESSION.resource, fullyQualifiedName: `helloapi-dev/${SUPPRESSION.resource}`, kind: 'resource' });
      expect(r.suppressions).toHaveLength(1);
      const s = r.suppressions[0];
      expect([s.kind, s.status, s.justification]).toEqual(['external', 'accepted', SUPPRESSION.reason]);
      expect(s.location.physicalLocation.artifactLocation.uri).toBe('environments/dev.ts');
    });

    it('turns a relaxation into a suppression carrying the relaxation and its reason', () => {
      const relaxed = resultsOf('HAPI-LOGS-03', 'helloapi-dev');
      expect(relaxed.length).toBeGreaterThan(0);
      for (const r of relaxed) {
        expect(r.properties).toMatchObject({ status: 'relaxed', relaxation: 'shortLogRetention' });
        expect(r.suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted', justification: `relaxation shortLogRetention: ${RELAXATION_REASON}` });
      }
    });

    it('points a resource result at the line of the source file that creates the resource', () => {
      const located = results().filter((r) => r.properties.locationOrigin === 'construct');
      expect(located.length).toBeGreaterThan(0);
      for (const r of located) {
        const { uri } = r.locations[0].physicalLocation.artifactLocation;
        const line = read(uri).split('\n')[r.locations[0].physicalLocation.region.startLine - 1];
        expect([uri, line]).toEqual([expect.stringMatching(/^modules\/.+\.ts$/), expect.stringMatching(/\bnew [A-Z]\w*\(/)]);
      }
      // The WAF ACL is created in the edge layer's waf.ts; the policy problem sits on the environment file's suppression.
      expect(resultsOf('HAPI-WAF-09', 'helloapi-dev')[0].locations[0].physicalLocation.artifactLocation.uri).toBe('modules/edge/waf.ts');
      // Related locations: where the enclosing constructs were created (the WAF ACL's construct, then the edge layer).
      const related = resultsOf('HAPI-WAF-09', 'helloapi-dev')[0].relatedLocations as Json[];
      expect(related.length).toBeGreaterThan(0);
      expect(related.at(-1)!.physicalLocation.artifactLocation.uri).toBe('modules/stacks/environment-stack.ts');
      for (const r of results().flatMap((x) => (x.relatedLocations ?? []) as Json[])) {
        const line = read(r.physicalLocation.artifactLocation.uri).split('\n')[r.physicalLocation.region.startLine - 1];
        expect([r.message.text, line]).toEqual([expect.stringMatching(/ is created here$/), expect.stringMatching(/\bnew [A-Z]\w*\(/)]);
      }
      const problem = resultsOf('HAPI-POLICY-01', 'helloapi-prod')[0].locations[0].physicalLocation;
      expect(problem.artifactLocation.uri).toBe('environments/prod.ts');
    });
  });

  describe('source mapping', () => {
    it('knows the creating file of every resource a result is about, in every stack, from the call stack', () => {
      for (const r of evidence.run.reports) {
        const map = evidence.sources.get(r.stackName)!;
        const unknown = r.results.filter((x) => x.subject !== r.stackName && !map.has(x.subject)).map((x) => x.subject);
        expect([r.stackName, unknown]).toEqual([r.stackName, []]);
      }
      const dev = evidence.sources.get('helloapi-dev')!;
      expect(dev.get('aws_subnet.network_private_app_a')?.file).toBe('modules/network/subnets.ts');
      expect(dev.get('aws_db_instance.database_primary')?.file).toBe('modules/database/instances.ts');
      expect(dev.get('terraform.backend.s3')?.file).toMatch(/^modules\/stacks\/.+\.ts$/);
      // SecureBucket (modules/core) creates every bucket, whichever layer asks for one.
      const buckets = [...dev.entries()].filter(([a]) => a.startsWith('aws_s3_bucket.'));
      expect(buckets.length).toBeGreaterThan(0);
      for (const [a, loc] of buckets) expect([a, loc.file]).toEqual([a, 'modules/core/bucket.ts']);
      // ... and `via` says which layer file created the SecureBucket, nearest first, ending at the stack's layer call.
      for (const [a, loc] of buckets) expect([a, loc.via?.[0].file]).toEqual([a, expect.stringMatching(/^modules\/(edge|compute|network|database|monitoring)\//)]);
      expect(dev.get('aws_subnet.network_private_app_a')?.via).toEqual([{ file: 'modules/stacks/environment-stack.ts', line: expect.any(Number), construct: 'network' }]);
    });

    it('records a construct made here as made by this file, at the `new` naming its id; the hook is removed afterwards', () => {
      const before = (Node.prototype as unknown as { addChild: unknown }).addChild;
      const { value: app, fileOf } = recordConstructSources(() => {
        const a = new App({ outdir: tmpOutdir() });
        const stack = new TerraformStack(a, 'probe');
        new S3Bucket(stack, 'first', {});
        new S3Bucket(stack, 'second', {});
        new Wrapper(stack, 'wrapper');
        return a;
      });
      expect((Node.prototype as unknown as { addChild: unknown }).addChild).toBe(before);
      const map = resourceSources(app, fileOf).get('probe')!;
      const here = path.relative(ROOT, __filename).split(path.sep).join('/');
      const lines = fs.readFileSync(__filename, 'utf8').split('\n');
      for (const id of ['first', 'second']) {
        const loc = [...map.entries()].find(([a]) => a.startsWith('aws_s3_bucket.') && a.includes(id))![1];
        expect(loc.file).toBe(here);
        expect(lines[loc.line - 1]).toContain(`new S3Bucket(stack, '${id}'`);
      }
      // A construct class of the repository is created where `new Wrapper(` runs (here), not in its own constructor
      // (wrapper.ts): its bucket is created in wrapper.ts, via the wrapper created a few lines above.
      const inner = [...map.entries()].find(([a]) => a.includes('wrapper_inner'))![1];
      expect(inner.file).toBe('__tests__/fixtures/sources/wrapper.ts');
      expect(fs.readFileSync(path.join(ROOT, inner.file), 'utf8').split('\n')[inner.line - 1]).toContain("new S3Bucket(this, 'inner'");
      expect(inner.via).toEqual([{ file: here, line: expect.any(Number), construct: 'wrapper' }]);
      expect(lines[inner.via![0].line - 1]).toContain("new Wrapper(stack, 'wrapper')");
      // Constructs made after the recording are not seen; a build that throws removes the hook too.
      expect(fileOf(new Construct(app, 'later'))).toBeUndefined();
      expect(() => recordConstructSources(() => { throw new Error('boom'); })).toThrow('boom');
      expect((Node.prototype as unknown as { addChild: unknown }).addChild).toBe(before);
    });

    it('maps compiled paths back to the TypeScript source and ignores node_modules', () => {
      const root = repositoryRoot();
      expect(sourcePathOf(path.join(root, 'dist', 'modules', 'edge', 'waf.js'), root)).toBe('modules/edge/waf.ts');
      expect(sourcePathOf(path.join(root, 'modules', 'edge', 'waf.ts'), root)).toBe('modules/edge/waf.ts');
      expect(sourcePathOf(path.join(root, 'node_modules', 'cdktf', 'lib', 'x.js'), root)).toBeUndefined();
      expect(sourcePathOf('/elsewhere/x.ts', root)).toBeUndefined();
    });

    it('picks the `new` whose next lines name the construct id, else the only one, else the first; 1 when none', () => {
      const text = ['a', "new Bucket(scope, 'logs', {", '})', 'new Bucket(scope, `state`)', 'new Other(scope, "x")'].join('\n');
      expect(creationLine(text, 'Bucket', 'state')).toBe(4);
      expect(creationLine(text, 'Bucket', 'logs')).toBe(2);
      expect(creationLine(text, 'Bucket', 'computed')).toBe(2);
      expect(creationLine(text, 'Other', 'anything')).toBe(5);
      expect(creationLine(text, 'Missing', 'x')).toBe(1);
    });
  });

  describe('JUnit', () => {
    it('has a testsuite per stack, a testcase per rule and subject, failures and skipped cases with their reasons', () => {
      const xml = renderEvidence('junit', evidence);
      const doc = new DOMParser({ onError: (level: string, msg: string) => { throw new Error(`${level}: ${msg}`); } }).parseFromString(xml, 'text/xml');
      expect(doc.documentElement.tagName).toBe('testsuites');
      const suites = [...doc.getElementsByTagName('testsuite')];
      expect(suites.map((s) => s.getAttribute('name'))).toEqual(evidence.run.reports.map((r) => r.stackName));
      for (const [i, r] of evidence.run.reports.entries()) {
        const s = suites[i];
        expect([r.stackName, Number(s.getAttribute('tests')), s.getElementsByTagName('testcase').length]).toEqual([r.stackName, r.results.length + r.problems.length, r.results.length + r.problems.length]);
        expect(Number(s.getAttribute('failures'))).toBe(s.getElementsByTagName('failure').length);
        expect(Number(s.getAttribute('skipped'))).toBe(s.getElementsByTagName('skipped').length);
      }
      const cases = [...doc.getElementsByTagName('testcase')];
      const find = (classname: string, name: string) => cases.filter((c) => c.getAttribute('classname') === classname && c.getAttribute('name') === name);
      const suppressed = find('helloapi-dev.HAPI-WAF-09', SUPPRESSION.resource)[0];
      expect(suppressed.getElementsByTagName('skipped')[0].getAttribute('message')).toBe(`suppressed: ${SUPPRESSION.reason}`);
      expect(suppressed.getAttribute('file')).toBe('modules/edge/waf.ts');
      const failing = find('helloapi-dev.HAPI-WAF-09', 'aws_wafv2_web_acl.edge_cloudfront_waf_acl')[0];
      expect(failing.getElementsByTagName('failure')[0].getAttribute('type')).toBe('warning');
      const problem = cases.filter((c) => c.getAttribute('classname') === 'helloapi-prod.HAPI-POLICY-01');
      expect(problem.map((c) => c.getElementsByTagName('failure')[0].getAttribute('message'))).toEqual([expect.stringContaining('unused suppression of HAPI-RDS-01')]);
      const relaxed = cases.find((c) => c.getAttribute('classname') === 'helloapi-dev.HAPI-LOGS-03')!;
      expect(relaxed.getElementsByTagName('skipped')[0].getAttribute('message')).toBe(`relaxed by shortLogRetention: ${RELAXATION_REASON}`);
    });
  });

  describe('JSON', () => {
    it('has the documented shape: format, tool, summary, stacks (results with locations) and the control matrix', () => {
      const json = JSON.parse(renderEvidence('json', evidence)) as AuditJson;
      expect(Object.keys(json)).toEqual(['format', 'tool', 'summary', 'stacks', 'controls']);
      expect(json.format).toBe('helloapi-audit/v1');
      expect(json.summary.map((s) => s.stack)).toEqual(evidence.run.reports.map((r) => r.stackName));
      const dev = json.stacks.find((s) => s.stack === 'helloapi-dev') as Json;
      expect(dev.environmentFile).toBe('environments/dev.ts');
      for (const r of dev.results) {
        const { via, ...loc } = r.location;
        expect(loc).toEqual({ file: expect.any(String), line: expect.any(Number), origin: expect.stringMatching(/^(construct|environment)$/) });
        for (const v of via ?? []) expect(v).toEqual({ file: expect.any(String), line: expect.any(Number), construct: expect.any(String) });
      }
      expect(json.controls.length).toBe(controlDefinitions(DEFAULT_PACK.rules).length);
    });
  });

  describe('control matrix', () => {
    it('lists every FSBP, CIS and checklist control exactly once, each with the stacks of the run', () => {
      const rows = controlMatrix(evidence.run, DEFAULT_PACK.rules);
      const keys = rows.map((r) => `${r.framework}:${r.control}`);
      expect(new Set(keys).size).toBe(keys.length);
      const fsbp = new Set(DEFAULT_PACK.rules.flatMap((r) => r.sources.filter((s) => s.kind === 'fsbp').map((s) => s.id.split(' ')[0])));
      expect(rows.filter((r) => r.framework === 'FSBP').map((r) => r.control).sort()).toEqual([...fsbp].sort());
      expect(rows.find((r) => r.framework === 'FSBP' && r.control === 'SecretsManager.3')?.note).toBe('related: unused-secret hygiene');
      for (const r of rows) expect(Object.keys(r.stacks)).toEqual(evidence.run.reports.map((x) => x.stackName));
      const md = controlMatrixMarkdown(rows);
      for (const r of rows.filter((x) => x.framework === 'seed checklist')) {
        expect([r.control, md.split('\n').filter((l) => l.startsWith(`| ${r.control.replace(/\|/g, '\\|')} |`)).length]).toEqual([r.control, 1]);
      }
      expect(renderEvidence('matrix', evidence)).toBe(md);
    });

    it('gives each status with its reason: fail, relaxed, suppressed, pass, not applicable', () => {
      const rows = controlMatrix(evidence.run, DEFAULT_PACK.rules);
      const cell = (framework: string, control: string, stack: string) => rows.find((r) => r.framework === framework && r.control === control)!.stacks[stack];
      // Seed items the infrastructure cannot decide.
      expect(cell('seed checklist', 'Authentication enabled', 'helloapi-dev')).toEqual({ status: 'not applicable', reason: expect.stringContaining('application code') });
      expect(rows.find((r) => r.control === 'Authentication enabled')!.overall.status).toBe('not applicable');
      // A rule with nothing to inspect in a stack: RDS in the state stack.
      expect(cell('FSBP', 'RDS.2', 'helloapi-state')).toEqual({ status: 'not applicable', reason: expect.stringContaining('HAPI-RDS-01') });
      expect(cell('FSBP', 'RDS.2', 'helloapi-prod').status).toBe('pass');
      expect(rows.find((r) => r.framework === 'FSBP' && r.control === 'RDS.2')!.overall).toEqual({ status: 'pass', reason: 'passes in helloapi-dev, helloapi-prod; not applicable in the other 3' });
      // The synthetic report decides each status from the worst result.
      const def = controlDefinitions(DEFAULT_PACK.rules).find((d) => d.framework === 'FSBP' && d.control === 'S3.8')!;
      const res = (status: RuleResult['status'], extra: Partial<RuleResult> = {}): RuleResult => ({ rule: 'HAPI-S3-01', title: 't', severity: 'error', status, subject: 'aws_s3_bucket.x', message: 'm', ...extra });
      const report = (...results: RuleResult[]) => ({ ...evidence.run.reports[0], results }) as StackReport;
      expect(controlCell(def, report(res('pass'), res('fail', { message: 'open' }))).status).toBe('fail');
      expect(controlCell(def, report(res('pass'), res('relaxed', { relaxation: 'noDeletionProtection', reason: 'why' })))).toEqual({ status: 'relaxed', reason: 'HAPI-S3-01 aws_s3_bucket.x: noDeletionProtection: why' });
      expect(controlCell(def, report(res('pass'), res('suppressed', { reason: 'because' })))).toEqual({ status: 'suppressed', reason: 'HAPI-S3-01 aws_s3_bucket.x: because' });
      expect(controlCell(def, report(res('pass')))).toEqual({ status: 'pass', reason: '1 result of HAPI-S3-01 pass' });
      expect(controlCell(def, report())).toEqual({ status: 'not applicable', reason: expect.stringContaining('no resource HAPI-S3-01') });
      // In this run (HAPI-WAF-09, the failing rule, implements no FSBP/CIS/checklist control): relaxed, pass, n/a overall.
      const overall = new Set(rows.map((r) => r.overall.status));
      for (const s of ['relaxed', 'pass', 'not applicable']) expect([s, overall.has(s as (typeof CONTROL_STATUSES)[number])]).toEqual([s, true]);
    });
  });

  describe('--format', () => {
    it('refuses an unknown format naming the value and the allowed ones, with a non-zero exit', () => {
      expect(() => parseAuditFormat('xml')).toThrow('--format: "xml" is not a format; allowed: text, sarif, junit, json, matrix');
      expect(() => parseAuditFormat(undefined)).toThrow('--format: no value is not a format; allowed:');
      expect(parseAuditFormat('sarif')).toBe('sarif');
      const errors: string[] = [];
      const spy = jest.spyOn(process.stderr, 'write').mockImplementation((t: string | Uint8Array) => (errors.push(String(t)), true));
      try {
        expect(main(['--format', 'xml'])).toBe(2);
        expect(main(['--format=yaml'])).toBe(2);
        expect(main(['--format'])).toBe(2);
      } finally {
        spy.mockRestore();
      }
      expect(errors).toEqual([expect.stringContaining('"xml" is not a format'), expect.stringContaining('"yaml" is not a format'), expect.stringContaining('no value')]);
    });

    it('helpUri is absolute when the GitHub variables are there (toSarif with rulesDocUrl)', () => {
      const url = 'https://github.com/o/r/blob/abc/docs/policy-rules.md';
      const withUrl = toSarif({ ...evidence, rulesDocUrl: url }, read) as Json;
      expect(withUrl.runs[0].tool.driver.rules[0].helpUri).toBe(`${url}#rules`);
      expect(withUrl.runs[0].tool.driver.informationUri).toBe(url);
    });
  });
});
