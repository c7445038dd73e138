/**
 * Address inventories and the address guard.
 *
 * `inventory/<stack>.json` lists every resource address a stack synthesizes
 * (with its type and whether it holds data). The guard compares a fresh
 * synth with it: a stateful address that disappeared is an error unless a
 * `moved` block maps it to an address that exists now, because Terraform
 * would otherwise destroy the old resource and create an empty new one.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isStateful } from './resources';

/** The parts of a synthesized `cdk.tf.json` the review tools read. */
export interface SynthJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly moved?: readonly { readonly from: string; readonly to: string }[];
  readonly [key: string]: unknown;
}

export interface InventoryEntry {
  readonly address: string;
  readonly type: string;
  /** Destroying it loses data: a `data-loss` row of DESTROY_NEEDS_HUMAN (modules/review/resources.ts). */
  readonly stateful: boolean;
}

export interface Inventory {
  readonly stack: string;
  readonly resources: readonly InventoryEntry[];
}

export interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

/** Every resource address in a synthesized stack, sorted. */
export function synthAddresses(json: SynthJson): InventoryEntry[] {
  return Object.entries(json.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => ({ address: `${type}.${name}`, type, stateful: isStateful(type) })))
    .sort((a, b) => a.address.localeCompare(b.address));
}

export function buildInventory(stack: string, json: SynthJson): Inventory {
  return { stack, resources: synthAddresses(json) };
}

/** The `moved` blocks of a synthesized stack (cdktf `moveFromId` / `moveToId` / `moveTo`). */
export function movedBlocks(json: SynthJson): MovedBlock[] {
  return (json.moved ?? []).map((m) => ({ from: m.from, to: m.to }));
}

/** One entry per line, so a PR diff of the inventory reads as a list of added and removed addresses. */
export function formatInventory(inv: Inventory): string {
  const lines = inv.resources.map((r) => `    ${JSON.stringify(r)}`);
  return [
    '{',
    `  "stack": ${JSON.stringify(inv.stack)},`,
    '  "comment": "Resource addresses this stack synthesizes. Regenerate with `npm run inventory:update`; a stateful address that disappears fails the address guard unless a moved block maps it.",',
    '  "resources": [',
    lines.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

export function inventoryPath(dir: string, stack: string): string {
  return path.join(dir, `${stack}.json`);
}

export function readInventory(dir: string, stack: string): Inventory | undefined {
  const file = inventoryPath(dir, stack);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Inventory;
}

export function writeInventory(dir: string, inv: Inventory): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(inventoryPath(dir, inv.stack), formatInventory(inv));
}

export interface GuardResult {
  readonly stack: string;
  /** Stateful addresses that disappeared with no moved block: Terraform would destroy them. */
  readonly missingStateful: readonly InventoryEntry[];
  /** Inventory addresses carried to a new address by a moved block that checks out. */
  readonly moved: readonly MovedBlock[];
  /** Moved blocks that do not check out (target missing, or source still declared). */
  readonly brokenMoves: readonly (MovedBlock & { readonly problem: string })[];
  /** Non-stateful addresses that disappeared (fine; refresh the inventory). */
  readonly removed: readonly InventoryEntry[];
  /** Addresses not in the inventory yet (fine; refresh the inventory). */
  readonly added: readonly InventoryEntry[];
  /** No missing stateful address and no broken moved block. */
  readonly ok: boolean;
}

/** Compares a fresh synth with the committed inventory. */
export function checkInventory(inv: Inventory, json: SynthJson): GuardResult {
  const now = synthAddresses(json);
  const present = new Set(now.map((r) => r.address));
  const known = new Set(inv.resources.map((r) => r.address));
  const moves = movedBlocks(json);
  const brokenMoves: (MovedBlock & { problem: string })[] = [];
  for (const m of moves) {
    if (!present.has(m.to)) brokenMoves.push({ ...m, problem: `moved target ${m.to} is not declared` });
    else if (present.has(m.from)) brokenMoves.push({ ...m, problem: `moved source ${m.from} is still declared` });
  }
  const goodMoves = moves.filter((m) => !brokenMoves.some((b) => b.from === m.from && b.to === m.to));
  const gone = inv.resources.filter((r) => !present.has(r.address));
  const movedAway = (a: string) => goodMoves.some((m) => m.from === a);
  const missingStateful = gone.filter((r) => r.stateful && !movedAway(r.address));
  return {
    stack: inv.stack,
    missingStateful,
    moved: goodMoves.filter((m) => known.has(m.from)),
    brokenMoves,
    removed: gone.filter((r) => !r.stateful && !movedAway(r.address)),
    added: now.filter((r) => !known.has(r.address)),
    ok: missingStateful.length === 0 && brokenMoves.length === 0,
  };
}

/** A human-readable report of a guard result. */
export function describeGuard(r: GuardResult): string {
  const lines: string[] = [`${r.ok ? 'ok  ' : 'FAIL'} ${r.stack}: ${r.added.length} added, ${r.removed.length} removed, ${r.moved.length} moved`];
  for (const m of r.missingStateful) {
    lines.push(
      `  ✗ stateful ${m.address} is gone: Terraform would destroy it. Keep its construct id, or map it with ` +
        `\`newResource.moveFromId('${m.address}')\` (a moved block), or, if the destroy is intended, run \`npm run inventory:update\` and let the PR diff show it.`,
    );
  }
  for (const b of r.brokenMoves) lines.push(`  ✗ moved ${b.from} -> ${b.to}: ${b.problem}`);
  for (const m of r.moved) lines.push(`  ✓ moved ${m.from} -> ${m.to}`);
  return lines.join('\n');
}
