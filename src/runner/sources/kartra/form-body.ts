/** A request body as Kartra reads it: nested keys and lists, flattened the way PHP's http_build_query does. */
export type FormValue = string | number | FormValue[] | { [key: string]: FormValue };

/** `{lead: {email: 'a@b'}, actions: [{cmd: 'x'}]}` → `lead[email]=a%40b&actions[0][cmd]=x` (brackets percent-encoded, as PHP sends them). */
export function encodeForm(fields: Record<string, FormValue>): URLSearchParams {
  const params = new URLSearchParams();
  const put = (key: string, value: FormValue) => {
    if (typeof value === 'string' || typeof value === 'number') params.append(key, String(value));
    else if (Array.isArray(value)) value.forEach((v, i) => put(`${key}[${i}]`, v));
    else for (const [k, v] of Object.entries(value)) put(`${key}[${k}]`, v);
  };
  for (const [k, v] of Object.entries(fields)) put(k, v);
  return params;
}
