import { knowledgeBase } from '../../../../rules/index.ts';
import type { CatalogueEntity, DestinationField } from '../../protocol.ts';

/** The knowledge-base object each catalogue entity is described by (rules/platforms/freshsales.json). */
const KB_OBJECT: Record<CatalogueEntity, string> = { products: 'product', deal_products: 'deal_product' };

/** Dropdowns whose choices Freshsales lists nowhere the API can read: their values are sent as the mapping gives them. */
const PASS_THROUGH = new Set(['dropdown', 'radio']);

const freshsales = () => {
  const platform = knowledgeBase.destination('freshsales');
  if (!platform) throw new Error('the knowledge base has no Freshsales platform file');
  return platform;
};

/**
 * Products and deal line items have no field settings endpoint: their fields are the attributes the knowledge base
 * documents, described like activity attributes so the transform checks and coerces them like any field. A dropdown
 * whose choices no API lists (category, pricing type) is described as text: the account refuses a value it lacks,
 * and that refusal quarantines the row with Freshsales' own message. owner_id keeps its type; owners are resolved apart.
 */
export function catalogueFields(entity: CatalogueEntity): DestinationField[] {
  const object = freshsales().objects.find((o) => o.id === KB_OBJECT[entity]);
  if (!object) throw new Error(`rules/platforms/freshsales.json describes no ${KB_OBJECT[entity]} object`);
  return object.fields.map((f) => ({
    name: f.id,
    label: f.label,
    type: PASS_THROUGH.has(f.type) && f.id !== 'owner_id' ? 'text' : f.type,
    required: f.required === true,
    custom: false,
    choices: [],
  }));
}

/**
 * The pair card's fallback on a plan without the catalogue keeps a deal's line items as text: one line each in this
 * deal text-area custom field, which the admin creates like the provenance fields.
 */
export const LINE_ITEMS_FIELD = { name: 'cf_line_items', label: 'Line items', type: 'textarea' } as const;

type PlanFeature = keyof ReturnType<typeof freshsales>['plans'][number]['features'];

/** Whether a Freshsales plan offers a feature (product catalogue, custom modules, …), from the plan's features in the knowledge base. */
export function planHas(plan: string, feature: PlanFeature): boolean {
  const found = freshsales().plans.find((p) => p.id === plan);
  if (!found) throw new Error(`"${plan}" is not a Freshsales plan (${freshsales().plans.map((p) => p.id).join(', ')})`);
  return found.features[feature];
}

/** Whether a Freshsales plan holds a product catalogue (and so line items on deals). */
export const planHasCatalogue = (plan: string): boolean => planHas(plan, 'productCatalog');

/** The attributes of a product Ferry may write back from a before-image. */
export const productAttributes = (): string[] => catalogueFields('products').map((f) => f.name).filter((n) => n !== 'unit_price');
