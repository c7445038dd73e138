/**
 * The environment schema's side of validation: zod's issues as problems (field, value, what is allowed), and the
 * top-level sections that parse on their own, so every other check still runs when one section is malformed.
 */
import { z } from 'zod';
import { FieldProblem, Section, show, valueAt } from './field-problems';
import { environmentSchema, ParsedEnvironment } from './schema';

/** The schema without defaults, optionality and refinements around it. */
function unwrap(s: z.ZodTypeAny): z.ZodTypeAny {
  for (;;) {
    if (s instanceof z.ZodDefault) s = s._def.innerType;
    else if (s instanceof z.ZodOptional) s = s._def.innerType;
    else if (s instanceof z.ZodEffects) s = s._def.schema;
    else return s;
  }
}

/** The allowed keys of the object schema at `path`, for "unknown key" messages. */
function allowedKeys(path: readonly (string | number)[]): string[] {
  let schema: z.ZodTypeAny = environmentSchema;
  for (const key of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = schema.shape[key as string];
    else if (schema instanceof z.ZodArray) schema = schema.element;
    else if (schema instanceof z.ZodRecord) schema = schema.valueSchema;
    else return [];
    if (!schema) return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The fields of a section's object schema (`compute` -> cpu, memory, ...); empty for a section that is a value. */
export function sectionFields(section: Section): ReadonlySet<string> {
  let fields = fieldsBySection.get(section);
  if (!fields) {
    const schema = unwrap(environmentSchema.shape[section] as z.ZodTypeAny);
    fields = new Set(schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);
    fieldsBySection.set(section, fields);
  }
  return fields;
}
const fieldsBySection = new Map<Section, ReadonlySet<string>>();

/** zod's issues with one file, each as the field it names (unknown keys: one problem per key). */
export function schemaProblems(raw: unknown, error: z.ZodError): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(issue.path);
      for (const key of issue.keys) {
        out.push({ path: [...issue.path, key].join('.'), value: show(valueAt(raw, [...issue.path, key])), message: `unknown key; allowed keys here: ${allowed.join(', ')}` });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type' && issue.received === 'undefined') message = `is required (${issue.expected})`;
    else if (issue.code === 'invalid_type') message = `must be ${issue.expected}, got ${issue.received}`;
    else if (issue.code === 'invalid_enum_value') message = `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}`;
    out.push({ path: issue.path.join('.'), value: show(valueAt(raw, issue.path)), message });
  }
  return out;
}

/** Parses each top-level section on its own; returns what parsed (the other sections are absent). */
export function parseSections(raw: unknown): { env: Partial<ParsedEnvironment>; sections: Set<Section> } {
  const env: Record<string, unknown> = {};
  const sections = new Set<Section>();
  const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  for (const [key, schema] of Object.entries(environmentSchema.shape)) {
    const r = (schema as z.ZodTypeAny).safeParse(obj[key]);
    if (r.success) {
      env[key] = r.data;
      sections.add(key as Section);
    }
  }
  // Every other check reads the relaxations: a misspelt or reasonless one (a schema problem, reported) must not hide
  // them. The checks then run with the relaxations that are valid, as the file would deploy once the bad ones go.
  if (!sections.has('relaxations')) {
    const given = obj.relaxations !== null && typeof obj.relaxations === 'object' && !Array.isArray(obj.relaxations) ? (obj.relaxations as Record<string, unknown>) : {};
    const valid = Object.fromEntries(Object.entries(given).filter(([k, v]) => environmentSchema.shape.relaxations.safeParse({ [k]: v }).success));
    env.relaxations = environmentSchema.shape.relaxations.parse(valid);
    sections.add('relaxations');
  }
  return { env: env as Partial<ParsedEnvironment>, sections };
}
