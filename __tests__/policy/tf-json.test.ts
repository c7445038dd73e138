import {
  allResources,
  argumentAt,
  backendsOf,
  block,
  blocks,
  cidrContains,
  cidrsOverlap,
  containerDefinitions,
  firstReferenced,
  ipv4Cidr,
  isFalse,
  isTrue,
  isUnresolved,
  list,
  numberOr,
  parsePolicy,
  principals,
  providerBlocks,
  referencesIn,
  refersTo,
  replaceReferences,
  resourceAt,
  resourcesOf,
  strings,
  TerraformJson,
} from '../../modules/policy/tf-json';

const json: TerraformJson = {
  terraform: { backend: { s3: { bucket: 'state', key: 'env.tfstate' } } },
  provider: { aws: [{ region: 'us-east-1' }, { alias: 'dns', region: 'us-east-1' }] },
  resource: {
    aws_s3_bucket: { logs: { bucket: 'logs' }, state: { bucket: 'state' } },
    aws_s3_bucket_versioning: { logs_v: { bucket: '${aws_s3_bucket.logs.id}', '//': { note: '${aws_s3_bucket.state.id}' } } },
  },
};

describe('resources', () => {
  it('lists the resources of a type, of the stack, and finds one by type and name', () => {
    expect(resourcesOf(json, 'aws_s3_bucket').map((r) => r.address)).toEqual(['aws_s3_bucket.logs', 'aws_s3_bucket.state']);
    expect(resourcesOf(json, 'aws_kms_key')).toEqual([]);
    expect(resourcesOf({}, 'aws_s3_bucket')).toEqual([]);
    expect(allResources(json).map((r) => r.address)).toEqual(['aws_s3_bucket.logs', 'aws_s3_bucket.state', 'aws_s3_bucket_versioning.logs_v']);
    expect(resourceAt(json, 'aws_s3_bucket', 'logs')).toEqual({ type: 'aws_s3_bucket', name: 'logs', address: 'aws_s3_bucket.logs', values: { bucket: 'logs' } });
    expect(resourceAt(json, 'aws_s3_bucket', 'missing')).toBeUndefined();
  });
});

describe('references', () => {
  it('finds every resource reference inside a string', () => {
    expect(referencesIn('${aws_s3_bucket.edge_logs_bucket.arn}/alb/*')).toEqual([{ type: 'aws_s3_bucket', name: 'edge_logs_bucket', address: 'aws_s3_bucket.edge_logs_bucket', attribute: 'arn' }]);
    expect(referencesIn('service/${aws_ecs_cluster.c.name}/${aws_ecs_service.s.name}').map((r) => r.address)).toEqual(['aws_ecs_cluster.c', 'aws_ecs_service.s']);
    expect(referencesIn('${aws_db_instance.db.master_user_secret[0].secret_arn}:password::')[0].attribute).toBe('master_user_secret[0].secret_arn');
    expect(referencesIn('${data.aws_caller_identity.me.account_id}')[0]).toMatchObject({ type: 'data.aws_caller_identity', address: 'data.aws_caller_identity.me' });
    expect(referencesIn('${aws_kms_key.k}')).toEqual([{ type: 'aws_kms_key', name: 'k', address: 'aws_kms_key.k', attribute: '' }]);
    expect(referencesIn('arn:aws:s3:::literal')).toEqual([]);
    expect(referencesIn('${var.region}')).toEqual([]);
  });

  it('replaces references, keeping those the callback keeps', () => {
    const out = replaceReferences('${aws_s3_bucket.logs.arn}/* and ${aws_kms_key.k.arn}', (ref, whole) => (ref.type === 'aws_s3_bucket' ? `[${ref.name}:${ref.attribute}]` : whole));
    expect(out).toBe('[logs:arn]/* and ${aws_kms_key.k.arn}');
  });

  it('resolves the first reference a look-up knows, only in strings', () => {
    const lookup = (ref: { type: string; name: string }) => resourceAt(json, ref.type, ref.name);
    expect(firstReferenced('${aws_s3_bucket.missing.id}-${aws_s3_bucket.logs.id}', lookup)?.address).toBe('aws_s3_bucket.logs');
    expect(firstReferenced('${aws_s3_bucket.missing.id}', lookup)).toBeUndefined();
    expect(firstReferenced(['${aws_s3_bucket.logs.id}'], lookup)).toBeUndefined();
  });

  it('tells whether a value refers to an address, deeply, skipping metadata', () => {
    const versioning = resourceAt(json, 'aws_s3_bucket_versioning', 'logs_v')!.values;
    expect(refersTo(versioning, 'aws_s3_bucket.logs')).toBe(true);
    expect(refersTo(versioning, 'aws_s3_bucket.state')).toBe(false);
    expect(refersTo(['${aws_kms_key.k}'], 'aws_kms_key.k')).toBe(true);
    expect(refersTo('${aws_kms_key.key.arn}', 'aws_kms_key.k')).toBe(false);
    expect(isUnresolved('arn:${aws_kms_key.k.arn}')).toBe(true);
    expect(isUnresolved('alias/state')).toBe(false);
  });
});

describe('arguments', () => {
  it('reads blocks emitted as objects or arrays', () => {
    expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocks([{ a: 1 }, null, 'x', { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(blocks(undefined)).toEqual([]);
    expect(blocks('token')).toEqual([]);
    expect(block([{ a: 1 }, { a: 2 }])).toEqual({ a: 1 });
    expect(block(undefined)).toEqual({});
  });

  it('reads lists, booleans and numbers that may be strings', () => {
    expect(list('${aws_subnet.a.*.id}')).toEqual(['${aws_subnet.a.*.id}']);
    expect(list(null)).toEqual([]);
    expect([isTrue(true), isTrue('true'), isTrue('yes'), isFalse('false'), isFalse(undefined)]).toEqual([true, true, false, true, false]);
    expect([numberOr(443, 0), numberOr('443', 0), numberOr(' ', 7), numberOr('${var.port}', 7), numberOr(undefined, 65535)]).toEqual([443, 443, 7, 7, 65535]);
  });

  it('reads an argument at a dotted path, entering the first block of a list', () => {
    const values = { network_configuration: [{ subnets: ['${aws_subnet.a.id}'], security_groups: 'sg' }], name: 'svc' };
    expect(argumentAt(values, 'name')).toBe('svc');
    expect(argumentAt(values, 'network_configuration.subnets')).toEqual(['${aws_subnet.a.id}']);
    expect(argumentAt({ network_configuration: { security_groups: ['x'] } }, 'network_configuration.security_groups')).toEqual(['x']);
    expect(argumentAt(values, 'missing.subnets')).toBeUndefined();
  });

  it('collects every string of a value, skipping metadata', () => {
    expect(strings({ a: 'x', b: ['y', { c: 'z', n: 1 }], '//': { d: 'hidden' } })).toEqual(['x', 'y', 'z']);
  });
});

describe('documents inside arguments', () => {
  it('parses policy documents, normalising single values to lists, and refuses non-literal documents', () => {
    const [s] = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}')!;
    expect(s).toMatchObject({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'], NotAction: [] });
    expect(parsePolicy('${data.aws_iam_policy_document.x.json}')).toBeUndefined();
    expect(parsePolicy(null)).toBeUndefined();
  });

  it('names principals as kind:value', () => {
    expect(principals('*')).toEqual(['*']);
    expect(principals('111111111111')).toEqual(['AWS:111111111111']);
    expect(principals({ Service: ['logs.amazonaws.com', 'ecs-tasks.amazonaws.com'], AWS: '*' })).toEqual(['Service:logs.amazonaws.com', 'Service:ecs-tasks.amazonaws.com', 'AWS:*']);
  });

  it('parses container definitions given as JSON text or as an array', () => {
    const td = (container_definitions: unknown) => ({ type: 'aws_ecs_task_definition', name: 't', address: 'aws_ecs_task_definition.t', values: { container_definitions } });
    expect(containerDefinitions(td('[{"name":"app"}]'))).toEqual([{ name: 'app' }]);
    expect(containerDefinitions(td([{ name: 'app' }]))).toEqual([{ name: 'app' }]);
    expect(containerDefinitions(td('${jsonencode(local.defs)}'))).toBeUndefined();
    expect(containerDefinitions(td('{"name":"app"}'))).toBeUndefined();
  });
});

describe('terraform and provider blocks', () => {
  it('reads the backend and the provider configurations', () => {
    expect(backendsOf(json)).toEqual({ s3: { bucket: 'state', key: 'env.tfstate' } });
    expect(backendsOf({})).toEqual({});
    expect(providerBlocks(json, 'aws').map((p) => p.alias)).toEqual([undefined, 'dns']);
    expect(providerBlocks({ provider: { aws: { region: 'eu-west-1' } } }, 'aws')).toEqual([{ region: 'eu-west-1' }]);
  });
});

describe('CIDRs', () => {
  it('parses IPv4 CIDRs, clearing host bits; refuses IPv6, tokens and malformed text', () => {
    expect(ipv4Cidr('10.0.0.0/16')).toEqual({ base: 0x0a000000, prefix: 16 });
    expect(ipv4Cidr(' 10.0.1.7/24 ')).toEqual({ base: 0x0a000100, prefix: 24 });
    expect(ipv4Cidr('0.0.0.0/0')).toEqual({ base: 0, prefix: 0 });
    for (const bad of ['::/0', '${aws_vpc.v.cidr_block}', '10.0.0.0', '10.0.0.256/24', '10.0.0.0/33']) expect(ipv4Cidr(bad)).toBeUndefined();
  });

  it('decides containment and overlap', () => {
    const c = (s: string) => ipv4Cidr(s)!;
    expect(cidrContains(c('10.0.0.0/16'), c('10.0.3.0/24'))).toBe(true);
    expect(cidrContains(c('10.0.3.0/24'), c('10.0.0.0/16'))).toBe(false);
    expect(cidrContains(c('0.0.0.0/0'), c('192.168.0.0/16'))).toBe(true);
    expect(cidrContains(c('10.0.0.0/16'), c('10.1.0.0/24'))).toBe(false);
    expect(cidrsOverlap(c('10.0.3.0/24'), c('10.0.0.0/16'))).toBe(true);
    expect(cidrsOverlap(c('10.0.0.0/24'), c('10.0.1.0/24'))).toBe(false);
    expect(cidrsOverlap(c('10.0.0.0/16'), c('10.0.255.0/24'))).toBe(true);
  });
});
