/**
 * Worker process of synthesizeAllParallel: receives its part of the app over
 * IPC, synthesizes it and reports `{ ok }` or `{ ok: false, error }`.
 */
import { enableFastSynth } from '../core/synth-speed';
import { SynthPart, synthesizePart } from './parallel';

enableFastSynth();
process.once('message', (part: SynthPart) => {
  let reply: { ok: boolean; error?: string };
  try {
    synthesizePart(part);
    reply = { ok: true };
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  process.send?.(reply, () => process.exit(0));
});
