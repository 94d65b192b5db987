/** The look of every Ferry report: one place for page geometry, type sizes and colours. */

export const PAGE = {
  size: 'A4',
  /** Top and bottom leave room for the running header and the footer drawn inside the margins. */
  margins: { top: 64, bottom: 62, left: 50, right: 50 },
  headerY: 30,
  headerRuleY: 44,
  footerRuleOffset: 44,
  footerTextOffset: 36,
} as const;

export const FONT = { regular: 'Ferry-Regular', bold: 'Ferry-Bold' } as const;

export const COLOR = {
  ink: '#1f2933',
  muted: '#67727e',
  accent: '#1d4e89',
  rule: '#cfd6df',
  zebra: '#f3f5f8',
  headerFill: '#e1e8f0',
  panel: '#f3f5f8',
  warningInk: '#9a4a06',
  warningFill: '#fdf1e1',
  info: { ink: '#1d4e89', fill: '#e9f0fa', bar: '#2f6db5' },
  warning: { ink: '#9a4a06', fill: '#fdf1e1', bar: '#e08a2e' },
  success: { ink: '#1e6b3e', fill: '#e6f4eb', bar: '#3a9d5d' },
  bar: { normal: '#2f6db5', muted: '#9aa5b1', critical: '#c0392b' },
  /** Series colours of a bar chart, in order; reused cyclically. */
  series: ['#2f6db5', '#e08a2e', '#3a9d5d', '#8e6bbf', '#c0392b', '#7fb3e6', '#1a9e9e', '#8c6d31'],
} as const;

export const SIZE = {
  title: 22,
  subtitle: 12,
  h1: 15,
  h2: 12.5,
  h3: 10.5,
  body: 9.5,
  table: 8.5,
  small: 7.5,
  lineGap: 1.5,
  blockGap: 10,
  cellPadX: 5,
  cellPadY: 4,
} as const;
