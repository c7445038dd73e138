/** Small wording helpers shared by the review reports (cost tables, architecture pages). */

/** `1 rule`, `3 rules`; `pluralWord` for irregular plurals. */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
