export * from './types';
export { StackView, referencesIn, parsePolicy } from './stack';
export type { TerraformJson, ResourceView } from './stack';
export { evaluateStack } from './engine';
export { RULES } from './rules';
export { CHECKLIST, computeChecklist } from './checklist';
export type { ChecklistItem, ChecklistRow, ChecklistStatus } from './checklist';
export { checkSynthesized, runPolicy, policyTargets, readSynthesizedStacks, warningLines, PolicyError } from './run';
export type { PolicyRun } from './run';
