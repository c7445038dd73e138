/**
 * The published Terraform JSON modules (`npm run build:modules`): what a module may and may not
 * contain, and that the READMEs document every variable and output. No Terraform run here;
 * hcl-modules.tf.test.ts validates and plans them from an HCL root module.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Lazy, TerraformOutput } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { scalingProblems } from '../../modules/compute/validate';
import { PYTHON_MODULE_PATTERN } from '../../modules/core/patterns';
import { withOwnTags } from '../../modules/core/tags';
import { emitTerraformModule, inputDependency, MODULE_AWS_PROVIDER_CONSTRAINT, MODULE_TERRAFORM_CONSTRAINT, stringMapValue, TerraformModuleSpec } from '../../modules/core/terraform-module';
import { buildModules, MODULE_SPECS, providerAliases } from '../../scripts/build-modules';
import { tmpOutdir } from '../support/synth';

type Json = Record<string, any>;

const ALL = ['state', 'account-baseline', 'network', 'network-2az', 'database', 'edge', 'edge-regional', 'compute', 'monitoring'];

/** Whether an expression reads the listener ARN from a resource that forwards to the module's target group. */
function attachesTargetGroup(json: Json, expression: string): boolean {
  const rule = /^\$\{aws_lb_listener_rule\.([a-z0-9_]+)\.listener_arn\}$/.exec(expression);
  const listener = /^\$\{aws_lb_listener\.([a-z0-9_]+)\.arn\}$/.exec(expression);
  const actions = rule ? json.resource.aws_lb_listener_rule[rule[1]].action : listener ? json.resource.aws_lb_listener[listener[1]].default_action : [];
  return (actions as Json[]).some((a) => a.type === 'forward' && a.target_group_arn === '${aws_lb_target_group.edge_app.arn}');
}

describe('published Terraform JSON modules', () => {
  const outdir = tmpOutdir('helloapi-hcl-modules-unit-');
  const modules: Record<string, { json: Json; readme: string }> = {};

  beforeAll(() => {
    for (const dir of buildModules(outdir)) {
      modules[path.basename(dir)] = {
        json: JSON.parse(fs.readFileSync(path.join(dir, 'main.tf.json'), 'utf8')),
        readme: fs.readFileSync(path.join(dir, 'README.md'), 'utf8'),
      };
    }
  });

  it('publishes every layer module', () => {
    expect(Object.keys(modules).sort()).toEqual(['account-baseline', 'compute', 'database', 'edge', 'edge-regional', 'monitoring', 'network', 'network-2az', 'state']);
    expect(MODULE_SPECS.map((s) => s.name)).toEqual(['state', 'account-baseline', 'network', 'network-2az', 'database', 'edge', 'edge-regional', 'compute', 'monitoring']);
  });

  it('the database port is never defaulted where it must come from another module (compute, database)', () => {
    // A default of 5432 let a root whose network and database use 6432 plan cleanly while the app dialled 5432.
    expect(modules.compute.json.variable.database_port).not.toHaveProperty('default');
    expect(modules.database.json.variable.database_port).not.toHaveProperty('default');
    expect(modules.network.json.variable.database_port.default).toBe(5432);
  });

  it('monitoring: an object given with a null attribute fails with the module\'s message, not a length(null) error', () => {
    const conditions = ['edge', 'compute', 'database'].map((v) => JSON.stringify(modules.monitoring.json.variable[v].validation));
    for (const c of conditions) expect(c).not.toMatch(/(?<!try\()length\(var\.(edge|compute|database)\.(alb_arn_suffix|target_group_arn_suffix|cluster_name|service_name|instance_identifier)\)/);
  });

  it('edge: the ALB admits the caller\'s prefix list when given, else the table\'s entry of the region (only the chosen branch is evaluated)', () => {
    const edge = modules.edge.json;
    expect(edge.resource.aws_vpc_security_group_ingress_rule.edge_alb_ingress_cloudfront.prefix_list_id).toBe(
      '${(var.cloudfront_origin_prefix_list_id != null) ? var.cloudfront_origin_prefix_list_id : local.edge_cloudfront_origin_prefix_lists[var.region]}',
    );
    expect(edge.variable.cloudfront_origin_prefix_list_id).toMatchObject({ type: 'string', default: null, nullable: true });
    expect(modules['edge-regional'].json.variable.cloudfront_origin_prefix_list_id).toBeUndefined();
  });

  it("edge-regional (no CloudFront) names no CloudFront log bucket, its name check included; edge's check names that bucket", () => {
    expect(JSON.stringify(modules['edge-regional'].json)).not.toContain('cdn-logs');
    expect(modules['edge-regional'].json.variable.name.validation.map((v: Json) => v.error_message)).toContainEqual(expect.stringContaining('<name>-alb-logs-<account_id>-<region>'));
    expect(modules.edge.json.variable.name.validation.map((v: Json) => v.error_message)).toContainEqual(expect.stringContaining('<name>-cdn-logs-<account_id>-<region>'));
  });

  it.each(ALL)('%s: no provider, backend or metadata; pinned versions', (name) => {
    const json = modules[name].json;
    expect(json.provider).toBeUndefined();
    expect(json['//']).toBeUndefined();
    expect(json.terraform.backend).toBeUndefined();
    expect(json.terraform.cloud).toBeUndefined();
    expect(json.terraform.required_version).toBe(MODULE_TERRAFORM_CONSTRAINT);
    expect(json.terraform.required_providers.aws).toMatchObject({ source: 'hashicorp/aws', version: MODULE_AWS_PROVIDER_CONSTRAINT });
  });

  it.each(ALL)('%s: no hard-coded account ID or region in resources and outputs', (name) => {
    const json = modules[name].json;
    const body = JSON.stringify({ resource: json.resource, output: json.output, data: json.data ?? {}, locals: json.locals ?? {} });
    expect(body).not.toContain('444455556666');
    expect(body).not.toMatch(/\b\d{12}\b/);
    // The only region a module may name is us-east-1, and only on resources created through the
    // aws.us_east_1 provider (CloudFront's certificate, web ACL and their log key must be there).
    for (const [type, byName] of Object.entries(json.resource as Json)) {
      for (const [id, block] of Object.entries(byName as Json)) {
        const text = JSON.stringify(block);
        const regions = text.match(/\b(us|eu|ap|sa|ca|me|af|il|mx)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/g) ?? [];
        for (const region of regions) {
          expect({ resource: `${type}.${id}`, region, provider: block.provider }).toEqual({ resource: `${type}.${id}`, region: 'us-east-1', provider: 'aws.us_east_1' });
        }
      }
    }
  });

  it.each(ALL)('%s: every variable has a type and a description; every output a description', (name) => {
    const json = modules[name].json;
    expect(Object.keys(json.variable).length).toBeGreaterThan(2);
    for (const [v, body] of Object.entries(json.variable as Json)) {
      expect({ v, type: typeof body.type, description: typeof body.description }).toEqual({ v, type: 'string', description: 'string' });
      expect(body.description.length).toBeGreaterThan(5);
    }
    expect(Object.keys(json.output).length).toBeGreaterThan(2);
    for (const [o, body] of Object.entries(json.output as Json)) {
      expect({ o, description: typeof body.description }).toEqual({ o, description: 'string' });
    }
  });

  it.each(ALL)('%s: the README tables list every variable and output', (name) => {
    const { json, readme } = modules[name];
    const section = (title: string) => readme.split(`## ${title}`)[1].split('\n## ')[0];
    const rows = (text: string) => [...text.matchAll(/^\| ([a-z0-9_]+) \|/gm)].map((m) => m[1]).sort();
    expect(rows(section('Inputs'))).toEqual(Object.keys(json.variable).sort());
    expect(rows(section('Outputs'))).toEqual(Object.keys(json.output).sort());
    for (const [v, body] of Object.entries(json.variable as Json)) {
      const row = readme.split('\n').find((l) => l.startsWith(`| ${v} |`))!;
      expect(row.endsWith(body.default === undefined ? '| yes |' : '| no |')).toBe(true);
    }
  });

  it('variables named after the upstream outputs have the same names in both modules', () => {
    const outputs = (m: string) => Object.keys(modules[m].json.output);
    const variables = (m: string) => Object.keys(modules[m].json.variable);
    expect(outputs('network')).toEqual(expect.arrayContaining(['vpc_id', 'public_subnet_ids', 'app_subnet_ids', 'data_subnet_ids', 'alb_security_group_id', 'app_security_group_id', 'database_security_group_id']));
    expect(variables('database')).toEqual(expect.arrayContaining(['data_subnet_ids', 'database_security_group_id']));
    // Behind CloudFront the internal load balancer lives in the app subnets; edge-regional's is in the public ones.
    expect(variables('edge')).toEqual(expect.arrayContaining(['vpc_id', 'app_subnet_ids', 'alb_security_group_id']));
    expect(variables('edge')).not.toContain('public_subnet_ids');
    expect(variables('edge-regional')).toEqual(expect.arrayContaining(['vpc_id', 'public_subnet_ids', 'alb_security_group_id']));
    expect(variables('compute')).toEqual(expect.arrayContaining(['app_subnet_ids', 'app_security_group_id', 'target_group_arn', 'https_listener_arn', 'alb_arn_suffix', 'target_group_arn_suffix']));
    expect(outputs('edge')).toEqual(expect.arrayContaining(['target_group_arn', 'https_listener_arn', 'alb_arn_suffix', 'target_group_arn_suffix', 'web_acl_name']));
    for (const m of ['account-baseline', 'network', 'network-2az', 'edge', 'edge-regional', 'compute', 'monitoring']) {
      expect(variables(m)).toEqual(expect.arrayContaining(['name', 'account_id', 'region', 'partition', 'tags']));
      expect(modules[m].json.variable.account_id.validation[0].condition).toContain('^[0-9]{12}$');
    }
  });

  it('merges var.tags into the tags of every resource the layer tags, keeping its own tags', () => {
    const network = modules.network.json;
    expect(network.resource.aws_vpc.network_vpc.tags).toBe('${merge(var.tags, { "Name" = "${var.name}" })}');
    expect(network.resource.aws_subnet.network_data_a.tags).toBe('${merge(var.tags, { "Name" = "${var.name}-data-a", "Tier" = "data" })}');
    expect(modules.compute.json.resource.aws_ecs_service.compute_service.tags).toBe('${var.tags}');
  });

  it('network: carves the variable CIDR with cidrsubnet, 9 subnets over the 3 AZs of the variable', () => {
    const subnets = modules.network.json.resource.aws_subnet as Json;
    expect(Object.keys(subnets).sort()).toEqual(
      ['public', 'private_app', 'data'].flatMap((t) => ['a', 'b', 'c'].map((l) => `network_${t}_${l}`)).sort(),
    );
    expect(subnets.network_public_a.cidr_block).toBe('${cidrsubnet(var.cidr, 4, 0)}');
    expect(subnets.network_private_app_b.cidr_block).toBe('${cidrsubnet(var.cidr, 4, 4)}');
    expect(subnets.network_data_c.cidr_block).toBe('${cidrsubnet(var.cidr, 4, 8)}');
    expect(subnets.network_data_c.availability_zone).toBe('${element(var.availability_zones, 2)}');
    expect(Object.keys(modules.network.json.resource.aws_nat_gateway)).toHaveLength(3);
    const cidr = modules.network.json.variable.cidr.validation[0].condition;
    expect(cidr).toContain('<= 23');
  });

  it('network-2az: 6 subnets carved with 3 more prefix bits, 2 NAT gateways, CIDR up to /24', () => {
    const json = modules['network-2az'].json;
    const subnets = json.resource.aws_subnet as Json;
    expect(Object.keys(subnets).sort()).toEqual(['network_data_a', 'network_data_b', 'network_private_app_a', 'network_private_app_b', 'network_public_a', 'network_public_b']);
    expect(subnets.network_private_app_a.cidr_block).toBe('${cidrsubnet(var.cidr, 3, 2)}');
    expect(subnets.network_data_b.cidr_block).toBe('${cidrsubnet(var.cidr, 3, 5)}');
    expect(Object.keys(json.resource.aws_nat_gateway)).toEqual(['network_nat_a', 'network_nat_b']);
    expect(json.variable.cidr.validation[0].condition).toContain('<= 24');
    expect(json.variable.availability_zones.validation[0].condition).toContain('length(var.availability_zones) == 2');
    expect(Object.keys(json.output).sort()).toEqual(Object.keys(modules.network.json.output).sort());
  });

  it('edge: CloudFront pieces use the aws.us_east_1 provider the caller passes; edge-regional needs none', () => {
    const edge = modules.edge.json;
    const regional = modules['edge-regional'].json;
    expect(edge.terraform.required_providers.aws.configuration_aliases).toEqual(['aws.us_east_1']);
    expect(providerAliases(edge)).toEqual(['aws.us_east_1']);
    expect(edge.resource.aws_acm_certificate.edge_cloudfront_certificate.provider).toBe('aws.us_east_1');
    expect(edge.resource.aws_cloudfront_distribution.edge_cdn_distribution.provider).toBe('aws.us_east_1');
    const acls = edge.resource.aws_wafv2_web_acl as Json;
    expect(Object.values(acls).map((a: Json) => [a.scope, a.provider ?? 'aws']).sort()).toEqual([
      ['CLOUDFRONT', 'aws.us_east_1'],
      ['REGIONAL', 'aws'],
    ]);
    expect(edge.resource.aws_lb.edge_alb.provider).toBeUndefined();
    // Issue 17: internal ALB, VPC origin (us-east-1), ingress from the region's CloudFront prefix list looked up at plan time.
    expect(edge.resource.aws_lb.edge_alb).toMatchObject({ internal: true, subnets: '${var.app_subnet_ids}' });
    expect(edge.resource.aws_cloudfront_vpc_origin.edge_vpc_origin.provider).toBe('aws.us_east_1');
    expect(edge.locals.edge_cloudfront_origin_prefix_lists).toMatchObject({ 'us-east-1': 'pl-3b927c52', 'eu-west-1': 'pl-4fa04526' });
    expect(edge.resource.terraform_data).toBeUndefined();
    expect(regional.resource.aws_lb.edge_alb.internal).toBe(false);
    expect(modules.edge.readme).toContain('aws.us_east_1 = aws.us_east_1');
    // The listener ARN output is read through the rule that forwards to the target group, so the compute module waits for it.
    expect(attachesTargetGroup(edge, edge.output.https_listener_arn.value)).toBe(true);

    expect(regional.terraform.required_providers.aws.configuration_aliases).toBeUndefined();
    expect(regional.resource.aws_cloudfront_distribution).toBeUndefined();
    expect(JSON.stringify(regional)).not.toContain('us_east_1');
    expect(attachesTargetGroup(regional, regional.output.https_listener_arn.value)).toBe(true);
  });

  it('compute: the service waits for the listener; sizes and counts are the variables; only the module outputs remain', () => {
    const compute = modules.compute.json;
    const service = compute.resource.aws_ecs_service.compute_service;
    expect(service.depends_on).toEqual(['var.https_listener_arn', ...['secret_key', 'api_keys', 'app_settings'].map((s) => `data.aws_secretsmanager_secret_versions.compute_${s}_versions`)]);
    expect(service.desired_count).toBe('${var.desired_count}');
    expect(service.load_balancer[0].target_group_arn).toBe('${var.target_group_arn}');
    for (const td of Object.values(compute.resource.aws_ecs_task_definition as Json)) {
      expect([td.cpu, td.memory]).toEqual(['${var.cpu}', '${var.memory}']);
    }
    expect(compute.resource.aws_appautoscaling_target.compute_scaling_target).toMatchObject({ min_capacity: '${var.min_count}', max_capacity: '${var.max_count}' });
    const containers = JSON.stringify(compute.resource.aws_ecs_task_definition.compute_task_definition.container_definitions);
    expect(containers).toContain(':${var.image_tag}');
    expect(Object.keys(compute.output).some((o) => o.startsWith('compute_'))).toBe(false);
    expect(compute.variable.image_tag.validation[0].condition).toContain('var.image_tag != \\"latest\\"'.replace(/\\"/g, '"'));
    // The secret-value checks always exist; require_secret_values switches their conditions.
    const checks = compute.data.aws_secretsmanager_secret_versions as Json;
    expect(Object.keys(checks).sort()).toEqual(['compute_api_keys_versions', 'compute_app_settings_versions', 'compute_secret_key_versions']);
    for (const check of Object.values(checks)) {
      expect(check.lifecycle.postcondition[0].condition).toBe('${!var.require_secret_values || (try(anytrue([for v in self.versions : contains(v.version_stages, "AWSCURRENT")]), false))}');
    }
  });

  it("compute: DJANGO_SETTINGS_MODULE and the health check path are variables (validated like the layer's props), rendered into the container definition", () => {
    const compute = modules.compute.json;
    expect(compute.variable.django_settings_module).toMatchObject({
      type: 'string',
      default: 'helloapi.settings.production',
      validation: [{ condition: `\${can(regex(${JSON.stringify(PYTHON_MODULE_PATTERN)}, var.django_settings_module))}`, error_message: expect.stringContaining('Python module path') }],
    });
    // The same variable and validation as the edge modules': one path for both sides of the health check.
    for (const m of ['edge', 'edge-regional']) {
      expect(compute.variable.health_check_path.validation).toEqual(modules[m].json.variable.health_check_path.validation);
      expect(modules[m].json.variable.health_check_path.description).toContain("must equal compute's `health_check_path`");
    }
    expect(compute.variable.health_check_path).toMatchObject({ type: 'string', default: '/health/' });
    expect(modules.compute.readme).not.toContain('health check path `/health/`');
    for (const td of ['compute_task_definition', 'compute_manage_task_definition']) {
      const text = compute.resource.aws_ecs_task_definition[td].container_definitions as string;
      expect(text).toContain('{"name":"DJANGO_SETTINGS_MODULE","value":"${var.django_settings_module}"}');
      expect(text).toContain('{"name":"HEALTH_CHECK_PATH","value":"${var.health_check_path}"}');
      // Escaped for a regex by Terraform, then JSON-escaped (its backslashes) inside the container definition's JSON text.
      expect(text).toContain(
        String.raw`{"name":"SECURE_REDIRECT_EXEMPT","value":"${'${'}trimsuffix(trimprefix(jsonencode(format("^%s$", replace(trimprefix(var.health_check_path, "/"), "/[.*+?^$(){}|\\[\\]\\\\]/", "\\$0"))), "\""), "\"")}"}`,
      );
      expect(text).not.toMatch(/helloapi\.settings|\/health\/|TfToken/);
    }
    expect(compute.resource.aws_ecs_task_definition.compute_task_definition.container_definitions).toContain("'http://127.0.0.1:8000${var.health_check_path}'");
  });

  it('outputs carry no secret values: nothing to mark sensitive', () => {
    for (const m of Object.values(modules)) {
      for (const [name, o] of Object.entries(m.json.output as Json)) {
        expect({ name, sensitive: o.sensitive ?? false }).toEqual({ name, sensitive: false });
        expect(JSON.stringify(o.value)).not.toMatch(/origin_secret|password|secret_string/);
      }
    }
  });
});

/** A one-resource module: what the emitter does with tags, outputs and provider aliases. */
function sampleSpec(overrides: Partial<TerraformModuleSpec> = {}): TerraformModuleSpec {
  return {
    name: 'sample',
    description: 'A sample module.',
    variables: [
      { name: 'name', type: 'string', description: 'Name prefix.' },
      { name: 'tags', type: 'map(string)', description: 'Extra tags.', default: {} },
      { name: 'ready', type: 'string', description: 'Something to wait for.' },
    ],
    build(scope, v) {
      const tags = stringMapValue(v.tags);
      const own = new Vpc(scope, 'own', { cidrBlock: '10.0.0.0/16', tags: withOwnTags(tags, { Name: `${v.name.stringValue}-vpc`, Tier: 'a "quoted" tier' }), dependsOn: [inputDependency(v.ready)] });
      new Vpc(scope, 'plain', { cidrBlock: '10.1.0.0/16', tags: withOwnTags(tags, {}) });
      // A layer's own stack output: not part of the module's interface.
      new TerraformOutput(scope, 'layer_only', { value: own.id });
      return [{ name: 'vpc_id', description: 'The VPC', value: own.id }];
    },
    ...overrides,
  };
}

describe('emitting a module (modules/core/terraform-module.ts)', () => {
  const outdir = tmpOutdir('helloapi-hcl-emit-');

  it("merges a variable's tags with the layer's own (which win), waits for an input, keeps only the spec's outputs", () => {
    const json = emitTerraformModule(sampleSpec(), outdir).json as Json;
    expect(json.resource.aws_vpc.own.tags).toBe('${merge(var.tags, { "Name" = "${var.name}-vpc", "Tier" = "a \\"quoted\\" tier" })}');
    expect(json.resource.aws_vpc.own.depends_on).toEqual(['var.ready']);
    expect(json.resource.aws_vpc.plain.tags).toBe('${var.tags}');
    expect(Object.keys(json.output)).toEqual(['vpc_id']);
    expect(json.terraform.required_providers.aws.configuration_aliases).toBeUndefined();
  });

  it('literal tags merge at synth time, in the order { ...tags, ...own }', () => {
    expect(withOwnTags({ Tier: 'user', Team: 'a' }, { Name: 'n', Tier: 'data' })).toEqual({ Tier: 'data', Team: 'a', Name: 'n' });
    expect(Object.keys(withOwnTags({ Tier: 'user', Team: 'a' }, { Name: 'n', Tier: 'data' }))).toEqual(['Tier', 'Team', 'Name']);
    expect(withOwnTags(undefined, { Name: 'n' })).toEqual({ Name: 'n' });
  });

  it('declares the provider aliases its spec lists, and refuses aliases its resources use without declaring them (or the reverse)', () => {
    const alias = { alias: 'us_east_1', region: 'us-east-1', why: 'global things live there' };
    const declared = sampleSpec({
      providerAliases: [alias],
      build: (scope, v, providers) => [{ name: 'vpc_id', description: 'The VPC', value: new Vpc(scope, 'vpc', { provider: providers.us_east_1, tags: stringMapValue(v.tags) }).id }],
    });
    const emitted = emitTerraformModule(declared, outdir);
    expect((emitted.json as Json).terraform.required_providers.aws.configuration_aliases).toEqual(['aws.us_east_1']);
    const readme = fs.readFileSync(path.join(emitted.dir, 'README.md'), 'utf8');
    expect(readme).toContain('| aws | us_east_1 | must be configured for us-east-1: global things live there |');
    expect(readme).toContain('Pass both: `providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }`.');
    expect(() => emitTerraformModule(sampleSpec({ providerAliases: [alias] }), outdir)).toThrow(/use the provider aliases \[\] but the spec declares \[aws.us_east_1\]/);
    const undeclared = sampleSpec({
      build: (scope) => [{ name: 'vpc_id', description: 'The VPC', value: new Vpc(scope, 'vpc', { provider: new AwsProvider(scope, 'extra', { alias: 'other', region: 'eu-west-1' }) }).id }],
    });
    expect(() => emitTerraformModule(undeclared, outdir)).toThrow(/use the provider aliases \[aws.other\] but the spec declares \[\]/);
  });

  it("the compute layer's scaling check leaves token counts to the module's validations, and needs maxCount with a token desiredCount", () => {
    const token = () => Lazy.numberValue({ produce: () => 1 });
    expect(scalingProblems({ desiredCount: token(), minCount: token(), maxCount: token() })).toEqual([]);
    expect(scalingProblems({ desiredCount: token(), minCount: 5 })).toEqual([{ prop: 'maxCount', value: undefined, message: 'is required when desiredCount is a token (its default is 4 x desiredCount)' }]);
    // Literal counts are still compared.
    expect(scalingProblems({ desiredCount: 2, minCount: 3, maxCount: 1 }).map((p) => p.prop)).toEqual(['minCount', 'maxCount']);
  });
});
