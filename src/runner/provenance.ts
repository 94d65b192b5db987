/**
 * Custom fields Ferry writes on every record it loads, so each record says where it came from: the source id (also
 * the upsert identifier that keeps retries from duplicating) and the source's own created/updated times, which
 * Freshsales would otherwise replace with the load time. The setup checklist asks the admin to create them.
 */
export const PROVENANCE_FIELDS = [
  { name: 'cf_ferry_source_id', label: 'Ferry source id', type: 'text' },
  { name: 'cf_ferry_source_created_at', label: 'Ferry source created at', type: 'text' },
  { name: 'cf_ferry_source_updated_at', label: 'Ferry source updated at', type: 'text' },
] as const;

/** The Freshsales objects the runner writes, which carry the provenance fields. */
export const PROVENANCE_OBJECTS = ['sales_account', 'contact', 'deal', 'lead'] as const;
