/** Markdown shared by every generated page and report (policy catalogue and reports, plan summaries, module READMEs). */

/** Text made safe for one cell of a Markdown table: `|` escaped, line breaks folded into spaces. */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
