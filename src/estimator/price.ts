import type { PriceRules } from '../../rules/schema/estimator.ts';
import { fill } from './rules-engine.ts';

export interface PriceLine {
  rule: string;
  label: string;
  amount: number;
}

const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * Turns the price rules that fired into lines: the base band, percentage adjustments of the base, fixed and
 * per-unit add-ons, then surcharges on the subtotal. No per-record fee; above the ceiling no price at all.
 */
export function priceEstimate(rules: PriceRules, fired: PriceRules['rules'], scoped: boolean, facts: Record<string, unknown>) {
  if (scoped)
    return { currency: rules.currency, scopedIndividually: true, reason: fill(rules.scopedIndividually.reason, facts), lines: [] as PriceLine[], total: null };
  const lines: PriceLine[] = [];
  const base = fired.find((r) => r.event.params.kind === 'base');
  const baseAmount = base?.event.params.amount ?? 0;
  if (base) lines.push({ rule: base.name, label: base.event.params.label, amount: baseAmount });
  for (const r of fired) {
    const p = r.event.params;
    if (p.kind === 'adjustment_percent') lines.push({ rule: r.name, label: p.label, amount: cents((baseAmount * p.amount) / 100) });
    else if (p.kind === 'fixed') lines.push({ rule: r.name, label: p.label, amount: p.amount });
    else if (p.kind === 'per_unit') {
      const units = Number(facts[p.unitsFact!]);
      lines.push({ rule: r.name, label: `${p.label} (${units} × $${p.amount})`, amount: cents(units * p.amount) });
    }
  }
  const subtotal = lines.reduce((a, l) => a + l.amount, 0);
  for (const r of fired)
    if (r.event.params.kind === 'surcharge_percent')
      lines.push({ rule: r.name, label: r.event.params.label, amount: cents((subtotal * r.event.params.amount) / 100) });
  return { currency: rules.currency, scopedIndividually: false, lines, total: cents(lines.reduce((a, l) => a + l.amount, 0)) };
}
