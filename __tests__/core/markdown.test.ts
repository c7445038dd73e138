import { tableCell } from '../../modules/core/markdown';

describe('tableCell', () => {
  it('escapes pipes and folds line breaks so text stays in one cell', () => {
    expect(tableCell('a | b\nc')).toBe('a \\| b c');
    expect(tableCell('plain')).toBe('plain');
    expect(tableCell('||\n\n')).toBe('\\|\\|  ');
  });
});
