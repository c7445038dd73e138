/**
 * The per-control matrix (compliance evidence): every control of AWS Security Hub's FSBP, the CIS AWS Foundations
 * Benchmark and the seed guide's checklist that a rule implements, listed exactly once, with its status in each
 * stack and overall, and the reason. FSBP and CIS controls come from the rules' `sources`; the checklist items
 * from CHECKLIST (checklist.ts), which also names the items infrastructure cannot decide.
 */
import { tableCell } from '../core/markdown';
import { CHECKLIST } from './checklist';
import type { PolicyRun } from './run';
import type { Rule, RuleResult, StackReport } from './types';

export type ControlFramework = 'FSBP' | 'CIS' | 'seed checklist';
/** Worst first: a control fails when any of its results fails; `not applicable` when no rule found anything to inspect. */
export const CONTROL_STATUSES = ['fail', 'relaxed', 'suppressed', 'pass', 'not applicable'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface ControlCell {
  readonly status: ControlStatus;
  readonly reason: string;
}

export interface ControlRow {
  readonly framework: ControlFramework;
  /** `S3.8`, `3.1`, or the checklist item's wording. */
  readonly control: string;
  /** What the source says next to the id (`related: ...`), or the checklist section. */
  readonly note?: string;
  /** The rules that decide it, in id order. */
  readonly rules: readonly string[];
  /** The worst status over the stacks, with the reasons of the stacks that have it. */
  readonly overall: ControlCell;
  /** By stack name, in the run's stack order. */
  readonly stacks: Readonly<Record<string, ControlCell>>;
}

interface ControlDef {
  readonly framework: ControlFramework;
  readonly control: string;
  readonly note?: string;
  readonly rules: string[];
  readonly notApplicable?: string;
}

/** `SecretsManager.3 (related: x)` -> control `SecretsManager.3`, note `related: x`. */
function splitId(id: string): { control: string; note?: string } {
  const m = /^(\S+)\s*(?:\((.*)\))?\s*$/.exec(id.trim());
  return m ? { control: m[1], ...(m[2] ? { note: m[2] } : {}) } : { control: id.trim() };
}

/** Every control once: FSBP and CIS ids from the rules' sources (sorted), then the checklist in its order. */
export function controlDefinitions(rules: readonly Rule[]): ControlDef[] {
  const out: ControlDef[] = [];
  for (const [kind, framework] of [['fsbp', 'FSBP'], ['cis', 'CIS']] as const) {
    const byId = new Map<string, ControlDef>();
    for (const r of rules) {
      for (const s of r.sources.filter((x) => x.kind === kind)) {
        const { control, note } = splitId(s.id);
        const def = byId.get(control) ?? { framework, control, note, rules: [] };
        if (!def.rules.includes(r.id)) def.rules.push(r.id);
        byId.set(control, def);
      }
    }
    const numeric = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
    out.push(...[...byId.values()].sort((a, b) => numeric(a.control, b.control)).map((d) => ({ ...d, rules: d.rules.sort() })));
  }
  for (const item of CHECKLIST) {
    out.push({ framework: 'seed checklist', control: item.item, note: item.section, rules: [...item.rules], notApplicable: item.rules.length ? undefined : item.outOfScope });
  }
  return out;
}

function describe(results: readonly RuleResult[]): string {
  const shown = results.slice(0, 2).map((r) => `${r.rule} ${r.subject}: ${r.status === 'relaxed' ? `${r.relaxation}: ` : ''}${r.reason ?? r.message}`);
  return shown.join('; ') + (results.length > 2 ? ` (+${results.length - 2} more)` : '');
}

/** One control in one stack. */
export function controlCell(def: ControlDef, report: StackReport): ControlCell {
  if (def.notApplicable !== undefined) return { status: 'not applicable', reason: def.notApplicable };
  const results = report.results.filter((r) => def.rules.includes(r.rule));
  if (results.length === 0) return { status: 'not applicable', reason: `no resource ${def.rules.join(', ')} inspect${def.rules.length === 1 ? 's' : ''} in this stack` };
  for (const status of ['fail', 'relaxed', 'suppressed'] as const) {
    const hit = results.filter((r) => r.status === status);
    if (hit.length) return { status, reason: describe(hit) };
  }
  const rules = [...new Set(results.map((r) => r.rule))];
  return { status: 'pass', reason: `${results.length} result${results.length === 1 ? '' : 's'} of ${rules.join(', ')} pass` };
}

function overallOf(cells: Record<string, ControlCell>): ControlCell {
  const entries = Object.entries(cells);
  if (entries.length === 0) return { status: 'not applicable', reason: 'no stack was evaluated' };
  const worst = CONTROL_STATUSES.find((s) => entries.some(([, c]) => c.status === s))!;
  const withIt = entries.filter(([, c]) => c.status === worst);
  if (worst === 'pass') {
    const rest = entries.length - withIt.length;
    return { status: worst, reason: `passes in ${withIt.map(([s]) => s).join(', ')}${rest ? `; not applicable in the other ${rest}` : ''}` };
  }
  const reasons = new Set(withIt.map(([, c]) => c.reason));
  // The same reason everywhere (a checklist item out of scope) is said once.
  return { status: worst, reason: reasons.size === 1 && withIt.length === entries.length ? [...reasons][0] : withIt.map(([s, c]) => `${s}: ${c.reason}`).join(' | ') };
}

/** The matrix over every stack of a run. */
export function controlMatrix(run: PolicyRun, rules: readonly Rule[]): ControlRow[] {
  return controlDefinitions(rules).map((def) => {
    const stacks: Record<string, ControlCell> = {};
    for (const r of run.reports) stacks[r.stackName] = controlCell(def, r);
    return { framework: def.framework, control: def.control, ...(def.note ? { note: def.note } : {}), rules: def.rules, overall: overallOf(stacks), stacks };
  });
}

/** The Markdown rendering: one table per framework, a column per stack. */
export function controlMatrixMarkdown(rows: readonly ControlRow[]): string {
  const stacks = rows.length ? Object.keys(rows[0].stacks) : [];
  const out = ['# Compliance matrix', '', 'Each control once: its status in every stack and overall (the worst: fail, relaxed, suppressed, pass, not applicable), with the reason for the overall status.', ''];
  const counts = CONTROL_STATUSES.map((s) => `${rows.filter((r) => r.overall.status === s).length} ${s}`);
  out.push(`${rows.length} controls: ${counts.join(', ')}.`);
  for (const framework of ['FSBP', 'CIS', 'seed checklist'] as const) {
    const mine = rows.filter((r) => r.framework === framework);
    out.push('', `## ${framework}`, '', `| Control | Rules | Overall | ${stacks.join(' | ')} | Reason |`, `|---|---|---|${stacks.map(() => '---|').join('')}---|`);
    for (const r of mine) {
      const name = r.note && framework !== 'seed checklist' ? `${r.control} (${r.note})` : r.control;
      out.push(`| ${tableCell(name)} | ${r.rules.join(', ') || '-'} | ${r.overall.status} | ${stacks.map((s) => r.stacks[s].status).join(' | ')} | ${tableCell(r.overall.reason)} |`);
    }
  }
  return out.join('\n') + '\n';
}
