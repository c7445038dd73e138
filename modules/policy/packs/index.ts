/** The rule packs (named sets of rules from the registry, modules/policy/rules). */
import type { RulePack } from '../types';
import { HELLOAPI_PACK } from './helloapi';

export { HELLOAPI_PACK };

/** Every pack; together they cover every rule of the registry (a test checks). */
export const PACKS: readonly RulePack[] = [HELLOAPI_PACK];

/** The pack the synth and the audit run unless told otherwise. */
export const DEFAULT_PACK: RulePack = HELLOAPI_PACK;
