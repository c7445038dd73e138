/**
 * How the apply tier adapts the Deploy runbook's commands (__tests__/apply/runbook.ts, `adapt`): each change it
 * makes, and that it makes no other.
 */
import * as path from 'path';
import { environmentStackNames } from '../support/environments';
import { niced } from './harness';
import { adapt, cdktfStackOf, environmentNiceness, NICE, readRunbookFile, whenApplying } from './runbook';

const { commands } = readRunbookFile(path.join(__dirname, '..', '..', 'docs', 'deploy.md'));

describe('adapt: what the apply tier changes in a runbook command', () => {
  it('does not run npm ci (the copy shares this checkout node_modules)', () => {
    expect(adapt('npm ci')).toBeUndefined();
  });

  it('adds --skip-provider-lock to every cdktf deploy and destroy, once', () => {
    expect(adapt('AWS_PROFILE=p npx cdktf deploy helloapi-dev --auto-approve')!.command).toBe('AWS_PROFILE=p npx cdktf deploy helloapi-dev --auto-approve --skip-provider-lock');
    expect(adapt('npx cdktf destroy helloapi-dev --auto-approve --skip-provider-lock')!.command).toBe('npx cdktf destroy helloapi-dev --auto-approve --skip-provider-lock');
  });

  it('adds --skip-synth only where a cdktf command has synthesized the app already', () => {
    expect(adapt('npx cdktf deploy helloapi-dev --auto-approve')!.command).not.toMatch(/--skip-synth/);
    expect(adapt('npx cdktf deploy helloapi-dev --auto-approve', { synthesized: true })!.command).toBe('npx cdktf deploy helloapi-dev --auto-approve --skip-provider-lock --skip-synth');
    expect(adapt('npx cdktf destroy helloapi-dev --auto-approve', { synthesized: true })!.command).toMatch(/ --skip-synth$/);
  });

  it('turns refresh off only for a second deploy of the same stack', () => {
    expect(adapt('npx cdktf deploy helloapi-dev --auto-approve')!.terraformArgs).toEqual({});
    expect(adapt('npx cdktf deploy helloapi-dev --auto-approve', { synthesized: true, redeploy: true })!.terraformArgs).toEqual({ apply: '-refresh=false' });
    // A destroy is not a deploy (the tier passes the destroy's arguments itself).
    expect(adapt('npx cdktf destroy helloapi-dev --auto-approve', { redeploy: true })!.terraformArgs).toEqual({});
  });

  it('leaves every other runbook command as docs/deploy.md writes it', () => {
    const others = commands.filter((c) => !/npx cdktf (deploy|destroy) |^npm ci\b/.test(c.command));
    expect(others.length).toBeGreaterThan(3);
    for (const c of others) expect(adapt(c.command, { synthesized: true, redeploy: true })).toEqual({ command: c.command, terraformArgs: {} });
  });

  it('names the stack and verb of a cdktf command', () => {
    expect(cdktfStackOf('AWS_PROFILE=helloapi-prod npx cdktf deploy helloapi-prod --auto-approve')).toEqual({ verb: 'deploy', stack: 'helloapi-prod' });
    expect(cdktfStackOf('npx cdktf destroy helloapi-dev')).toEqual({ verb: 'destroy', stack: 'helloapi-dev' });
    expect(cdktfStackOf('npm run synth')).toBeUndefined();
    // Every deploy in the runbook names a stack.
    const deploys = commands.filter((c) => /npx cdktf deploy /.test(c.command));
    expect(deploys.length).toBeGreaterThan(2);
    for (const c of deploys) expect(cdktfStackOf(c.command)?.stack).toMatch(/^helloapi-/);
  });
});

describe('the runbook commands themselves', () => {
  it('attach every secret value with = (a value starting with "-", 1 in 64 token_urlsafe keys, is otherwise read as an option)', () => {
    const puts = commands.filter((c) => /put-secret-value/.test(c.command));
    expect(puts.length).toBe(3);
    for (const c of puts) expect(c.command).toMatch(/ --secret-string=\S/);
  });

  it('deploy an environment 30 Terraform operations at once (the provider\'s waits would otherwise fill the default 10 slots ahead of the load balancer)', () => {
    const environments = new Set(environmentStackNames());
    const environmentDeploys = commands.filter((c) => { const s = cdktfStackOf(c.command); return s?.verb === 'deploy' && environments.has(s.stack); });
    expect(environmentDeploys.map((c) => c.step)).toEqual(['3', '5']);
    for (const c of environmentDeploys) expect(c.command).toMatch(/ --terraform-parallelism 30( |$)/);
  });
});

describe('CPU priorities of the tier (NICE, environmentNiceness)', () => {
  it('puts the emulator above the critical lanes, above the lanes with slack, above work off the critical path, and never raises a priority', () => {
    expect(NICE.emulator).toBe(0);
    expect(NICE.emulator < NICE.critical && NICE.critical < NICE.slack && NICE.slack < NICE.offCriticalPath).toBe(true);
    expect(NICE.offCriticalPath).toBeLessThanOrEqual(19);
  });

  it('runs a command under `nice -n N` only for N > 0', () => {
    expect(niced(NICE.critical, ['bash', '-c', 'x'])).toEqual(['nice', '-n', '3', 'bash', '-c', 'x']);
    expect(niced(NICE.emulator, ['python3', 'server.py'])).toEqual(['python3', 'server.py']);
    expect(niced(undefined, ['python3'])).toEqual(['python3']);
  });

  it('gives environments under 80% of the largest one\'s resources the slack level, the others the critical level', () => {
    const nice = environmentNiceness(new Map([['helloapi-dev', 137], ['helloapi-staging', 159], ['helloapi-prod', 180], ['edge', 144]]));
    expect(Object.fromEntries(nice)).toEqual({ 'helloapi-dev': NICE.slack, 'helloapi-staging': NICE.critical, 'helloapi-prod': NICE.critical, edge: NICE.critical });
  });
});

describe('whenApplying: the moment a deploy starts creating resources', () => {
  it('fires once, on "Creating..." even when the output is split inside it, and not on the plan before it', () => {
    let calls = 0;
    const listen = whenApplying(() => calls++);
    listen('Terraform will perform the following actions:\n  # aws_vpc.network_vpc will be created\n');
    listen('Plan: 180 to add, 0 to change, 0 to destroy.\nhelloapi-prod  aws_vpc.network_vpc: Creat');
    expect(calls).toBe(0);
    listen('ing...\n');
    listen('aws_subnet.a: Creating...\n');
    expect(calls).toBe(1);
  });
});
