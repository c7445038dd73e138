import { ReadableStack } from '../../modules/core/addressing';
import { Database, DatabaseProps } from '../../modules/database';
import { SynthesizedStack, synthStack } from '../support/synth';

/** Fake network-layer values. */
export const FAKE_NETWORK = {
  dataSubnetIds: ['subnet-0daaaaaaaaaaaaaa1', 'subnet-0dbbbbbbbbbbbbbb2'],
  databaseSecurityGroupId: 'sg-0db00000000000001',
};

export type DatabasePropsOverride = Partial<DatabaseProps>;

/** The props the tests start from: only what is required, so every default is exercised. */
export function baseProps(overrides: DatabasePropsOverride = {}): DatabaseProps {
  return {
    name: 'helloapi-test',
    accountId: '123456789012',
    region: 'us-east-1',
    network: FAKE_NETWORK,
    instanceClass: 'db.t4g.medium',
    allocatedStorage: 20,
    databaseName: 'helloapi',
    ...overrides,
  };
}

/** Builds the database layer on its own in a test stack. */
export function synthDatabase(overrides: DatabasePropsOverride = {}): { stack: SynthesizedStack; database: Database } {
  let database!: Database;
  const stack = synthStack((s: ReadableStack) => {
    database = new Database(s, 'database', baseProps(overrides));
  });
  return { stack, database };
}

/** Constructs the layer without synthesizing (for prop validation errors). */
export function buildDatabase(overrides: DatabasePropsOverride = {}): Database {
  let database!: Database;
  synthStack((s: ReadableStack) => {
    database = new Database(s, 'database', baseProps(overrides));
  });
  return database;
}

/** Every string in a JSON value, with the key it sits under. */
export function* strings(value: unknown, key = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [key, value];
  else if (Array.isArray(value)) for (const v of value) yield* strings(v, key);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, k);
}

/** Every object key anywhere in a JSON value. */
export function* keys(value: unknown): Generator<string> {
  if (Array.isArray(value)) for (const v of value) yield* keys(v);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield k;
      yield* keys(v);
    }
  }
}

/** Asserts that no key or value of the synthesized stack carries credential material. */
export function secretMaterialIn(json: unknown): string[] {
  const found: string[] = [];
  for (const k of keys(json)) {
    // Attribute names that would put a credential in configuration or state.
    if (/^(password|password_wo|master_password|master_user_password|secret_string|secret_string_wo|secret_binary)$/.test(k)) found.push(`key ${k}`);
  }
  for (const [k, v] of strings(json)) {
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v)) found.push(`private key under ${k}`);
    if (/\bAKIA[0-9A-Z]{16}\b/.test(v)) found.push(`access key id under ${k}`);
    if (/postgres(ql)?:\/\/[^:\s/]+:[^@\s]+@/.test(v)) found.push(`connection string with a password under ${k}`);
    if (/password\s*[=:]\s*\S+/i.test(v) && !/\$\{/.test(v)) found.push(`password assignment under ${k}: ${v.slice(0, 60)}`);
  }
  return found;
}
