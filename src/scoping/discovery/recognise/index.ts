export { type ColumnMatch, matchColumn } from './match-column.ts';
export { type ObjectGuess, recogniseFile } from './recognise-file.ts';
