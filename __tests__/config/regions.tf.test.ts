/**
 * The known-region table (modules/config/regions.ts) against hashicorp/aws 5.100.0 itself, offline: ONE
 * `terraform plan` with ONE provider and an `aws_region` data source per candidate region. The data source looks
 * the name up in the provider's own partition data (the table its `skip_region_validation = false` check uses),
 * with no AWS call: a name the provider does not know fails with "finding Region by name (<name>)".
 * (A first version configured one provider per region, 60 provider processes: ~77 CPU-s and minutes of wall time on
 * two CPUs; this one starts one, in ~5 s.)
 *
 * - every region of the table is accepted;
 * - the region after the last of every area (us-east-3, ap-southeast-8, ...) and every gap (ap-southeast-6) is
 *   refused, so the table misses no region the provider knows in those areas; so is the issue's `us-east-9`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AWS_REGIONS, AwsPartition, KNOWN_AWS_REGIONS, partitionOf } from '../../modules/config/regions';
import { AWS_PROVIDER, findProviderMirror, offlineEnv, run, terraformBinary, writeCliConfig } from '../../scripts/terraform';
import { offlineAwsProviderJson } from '../support/offline-provider';
import { tmpOutdir } from '../support/synth';

/** For every `<area>-<direction>` of the table: the numbers from 1 to one past its highest that the table lacks. */
function unlistedNeighbours(): string[] {
  const highest = new Map<string, number>();
  for (const r of KNOWN_AWS_REGIONS) {
    const m = /^(.*)-(\d+)$/.exec(r)!;
    highest.set(m[1], Math.max(highest.get(m[1]) ?? 0, Number(m[2])));
  }
  const out: string[] = [];
  for (const [prefix, max] of highest) {
    for (let n = 1; n <= max + 1; n += 1) if (!(KNOWN_AWS_REGIONS as readonly string[]).includes(`${prefix}-${n}`)) out.push(`${prefix}-${n}`);
  }
  return out;
}

const BOGUS = 'us-east-9';
const alias = (region: string) => region.replace(/-/g, '_');

describe('known AWS regions match what hashicorp/aws 5.100.0 accepts', () => {
  const unlisted = [...new Set([...unlistedNeighbours(), BOGUS])].sort();
  let accepted: Set<string>;
  let refused: string[];
  let stderr: string;

  beforeAll(async () => {
    const { bin } = terraformBinary();
    const dir = path.join(tmpOutdir('helloapi-regions-'), 'regions');
    fs.mkdirSync(dir, { recursive: true });
    const regions = [...KNOWN_AWS_REGIONS, ...unlisted];
    fs.writeFileSync(
      path.join(dir, 'main.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER.version } } },
        provider: { aws: [offlineAwsProviderJson('us-east-1')] },
        data: { aws_region: Object.fromEntries(regions.map((r) => [alias(r), { name: r }])) },
      }),
    );
    const cliConfig = path.join(os.tmpdir(), `helloapi-tf-regions-${process.pid}.tfrc`);
    writeCliConfig(cliConfig, findProviderMirror());
    const env = offlineEnv(cliConfig);
    const init = await run(bin, ['init', '-input=false', '-no-color'], dir, env);
    if (!init.ok) throw new Error(`terraform init failed:\n${init.stderr || init.stdout}`);
    const plan = await run(bin, ['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false'], dir, env);
    fs.rmSync(cliConfig, { force: true });
    stderr = plan.stderr;
    // `data.aws_region.us_gov_west_1: Read complete after 0s [id=us-gov-west-1]`
    accepted = new Set([...plan.stdout.matchAll(/^data\.aws_region\.\w+: Read complete after \S+ \[id=([a-z0-9-]+)\]$/gm)].map((m) => m[1]));
    refused = [...plan.stderr.matchAll(/finding Region by name \((\S+)\)/g)].map((m) => m[1]).sort();
  });

  it('accepts every region of the table (and the table groups each under the partition partitionOf() gives)', () => {
    const got = KNOWN_AWS_REGIONS.map((r) => [r, accepted.has(r) ? 'accepted' : `refused or unread (${stderr.slice(0, 300)})`]);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(KNOWN_AWS_REGIONS.map((r) => [r, 'accepted'])));
    for (const p of Object.keys(AWS_REGIONS) as AwsPartition[]) for (const r of AWS_REGIONS[p]) expect({ r, partition: partitionOf(r) }).toEqual({ r, partition: p });
  });

  it('refuses every neighbour the table does not list (the table misses none), and the bogus us-east-9', () => {
    expect(unlisted).toEqual(expect.arrayContaining(['us-east-3', 'ap-southeast-6', 'ap-southeast-8', 'cn-north-2', 'us-gov-west-2', BOGUS]));
    expect(refused).toEqual(unlisted);
    expect(unlisted.filter((r) => accepted.has(r))).toEqual([]);
  });
});
