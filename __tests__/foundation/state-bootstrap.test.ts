/**
 * `npm run state:bootstrap`: the order of Terraform commands, where the bootstrap state lives, resuming, and the
 * already-bootstrapped case, against a fake `terraform` that records its calls and plays the S3 backend.
 * (The emulator tier runs the real command against an AWS API emulator.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { BOOTSTRAP_OVERRIDE, bootstrapStateStack } from '../../scripts/state-bootstrap';
import { bootstrapStatePath } from '../../modules/stacks/state-stack';
import { tmpOutdir } from '../support/synth';

/**
 * A fake terraform: appends `<args> | <backend>` to calls.log (backend = local when the override file exists), and
 * behaves like the S3 backend whose bucket exists only once `bucket-exists` is in the folder (apply creates it).
 */
const FAKE = `#!/bin/sh
dir="$PWD"
if [ -f "$dir/${BOOTSTRAP_OVERRIDE}" ]; then backend=local; else backend=s3; fi
echo "$* | $backend" >> "$FAKE_LOG"
case "$1" in
  init)
    if [ "$backend" = s3 ] && [ ! -f "$FAKE_STATE/bucket-exists" ]; then echo 'Error: S3 bucket "b" does not exist.' >&2; exit 1; fi
    if [ "$backend" = s3 ] && [ "$FAIL_MIGRATE" = 1 ] && echo "$*" | grep -q migrate-state; then echo 'Error: AccessDenied' >&2; exit 1; fi
    if echo "$*" | grep -q migrate-state; then cp "$FAKE_STATE/local-resources" "$FAKE_STATE/remote-resources"; fi
    exit 0 ;;
  apply)
    statefile=$(sed -n 's/.*"path": "\\(.*\\)".*/\\1/p' "$dir/${BOOTSTRAP_OVERRIDE}"); echo '{"version":4}' > "$statefile"
    touch "$FAKE_STATE/bucket-exists"; printf 'aws_s3_bucket.a\\naws_kms_key.k\\n' > "$FAKE_STATE/local-resources"; exit 0 ;;
  state)
    if [ "$backend" = s3 ]; then cat "$FAKE_STATE/remote-resources" 2>/dev/null; else cat "$FAKE_STATE/local-resources"; fi; exit 0 ;;
esac
exit 0
`;

function setup() {
  const root = tmpOutdir('helloapi-bootstrap-');
  const stackDir = path.join(root, 'cdktf.out', 'stacks', 'helloapi-state');
  const fakeState = path.join(root, 'fake');
  fs.mkdirSync(stackDir, { recursive: true });
  fs.mkdirSync(fakeState);
  const bin = path.join(root, 'terraform');
  fs.writeFileSync(bin, FAKE, { mode: 0o755 });
  const log = path.join(root, 'calls.log');
  process.env.TERRAFORM_BINARY = bin;
  process.env.FAKE_LOG = log;
  process.env.FAKE_STATE = fakeState;
  delete process.env.FAIL_MIGRATE;
  const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []);
  return { root, stackDir, fakeState, calls };
}

let stdout: jest.SpyInstance;
beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  stdout.mockRestore();
  delete process.env.TERRAFORM_BINARY;
});

describe('state:bootstrap', () => {
  it('applies with local state outside cdktf.out, then migrates it into the bucket and keeps the local file as .migrated', () => {
    const { root, stackDir, calls } = setup();
    expect(bootstrapStateStack(stackDir, 'helloapi', root, true)).toBe('bootstrapped');
    expect(calls()).toEqual([
      'init -input=false -reconfigure | s3', // is the bucket there? (no)
      'init -input=false -reconfigure | local',
      'apply -auto-approve -input=false | local',
      'state list | local',
      'init -input=false -migrate-state -force-copy | s3', // the override is gone: the configured S3 backend
      'state list | s3', // the same resources, read back from the bucket
    ]);
    const local = path.join(root, bootstrapStatePath('helloapi'));
    expect(local.startsWith(path.join(root, 'cdktf.out'))).toBe(false);
    expect(fs.existsSync(local)).toBe(false);
    expect(fs.readFileSync(`${local}.migrated`, 'utf8')).toContain('"version":4');
    expect(fs.existsSync(path.join(stackDir, BOOTSTRAP_OVERRIDE))).toBe(false);
  });

  it('does nothing when the bucket already holds the state', () => {
    const { root, stackDir, fakeState, calls } = setup();
    fs.writeFileSync(path.join(fakeState, 'bucket-exists'), '');
    fs.writeFileSync(path.join(fakeState, 'remote-resources'), 'aws_s3_bucket.a\n');
    expect(bootstrapStateStack(stackDir, 'helloapi', root, true)).toBe('already-bootstrapped');
    expect(calls()).toEqual(['init -input=false -reconfigure | s3', 'state list | s3']);
  });

  it('refuses, changing nothing, when the bucket holds the state and an old local bootstrap file exists too', () => {
    const { root, stackDir, fakeState, calls } = setup();
    fs.writeFileSync(path.join(fakeState, 'bucket-exists'), '');
    fs.writeFileSync(path.join(fakeState, 'remote-resources'), 'aws_s3_bucket.a\n');
    const local = path.join(root, bootstrapStatePath('helloapi'));
    fs.mkdirSync(path.dirname(local), { recursive: true });
    fs.writeFileSync(local, '{"serial":1}');
    expect(() => bootstrapStateStack(stackDir, 'helloapi', root, true)).toThrow(/already keeps its state in its bucket .*Nothing was changed/s);
    expect(calls()).toEqual(['init -input=false -reconfigure | s3', 'state list | s3']);
    expect(fs.readFileSync(local, 'utf8')).toBe('{"serial":1}');
  });

  it('refuses when the bucket exists with no state and there is nothing to resume from', () => {
    const { root, stackDir, fakeState, calls } = setup();
    fs.writeFileSync(path.join(fakeState, 'bucket-exists'), '');
    expect(() => bootstrapStateStack(stackDir, 'helloapi', root, true)).toThrow(/exists but holds no state .*Nothing was changed/s);
    expect(calls().some((c) => c.startsWith('apply'))).toBe(false);
  });

  it('resumes from the local bootstrap state after a failed migration, and reports where the state is', () => {
    const { root, stackDir, calls } = setup();
    process.env.FAIL_MIGRATE = '1';
    expect(() => bootstrapStateStack(stackDir, 'helloapi', root, true)).toThrow(/migrate-state.*the local state is kept in .*terraform-bootstrap\/helloapi-state\.tfstate/s);
    expect(fs.existsSync(path.join(stackDir, BOOTSTRAP_OVERRIDE))).toBe(false);
    delete process.env.FAIL_MIGRATE;
    const before = calls().length;
    expect(bootstrapStateStack(stackDir, 'helloapi', root, true)).toBe('bootstrapped');
    // The bucket exists, its state key is empty: resume from the local state (apply again, migrate).
    expect(calls().slice(before)).toEqual([
      'init -input=false -reconfigure | s3',
      'state list | s3',
      'init -input=false -reconfigure | local',
      'apply -auto-approve -input=false | local',
      'state list | local',
      'init -input=false -migrate-state -force-copy | s3',
      'state list | s3',
    ]);
  });

  it('stops with the error when the S3 backend fails for another reason than a missing bucket', () => {
    const { root, stackDir, fakeState } = setup();
    fs.writeFileSync(path.join(fakeState, 'bucket-exists'), '');
    process.env.FAIL_MIGRATE = '0';
    const bin = process.env.TERRAFORM_BINARY!;
    fs.writeFileSync(bin, '#!/bin/sh\necho "Error: AccessDenied: not authorized to perform sts:AssumeRole" >&2\nexit 1\n', { mode: 0o755 });
    expect(() => bootstrapStateStack(stackDir, 'helloapi', root, true)).toThrow(/terraform init of helloapi-state \(S3 backend\) failed.*AccessDenied/s);
  });
});
