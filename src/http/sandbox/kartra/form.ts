/** A form body's fields with PHP-style nested keys unfolded: `actions[0][cmd]=x` → `{actions: {0: {cmd: 'x'}}}`. */
export type FormTree = { [key: string]: string | FormTree };

/** Parses http_build_query output the way PHP fills $_POST: later duplicates win, `a[]` appends. */
export function parseForm(params: URLSearchParams): FormTree {
  const root: FormTree = {};
  for (const [key, value] of params) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!match) continue; // PHP drops names it cannot read; so does the emulator
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
    let node = root;
    path.forEach((part, i) => {
      const slot = part === '' ? String(Object.keys(node).length) : part;
      if (i === path.length - 1) node[slot] = value;
      else {
        const child = node[slot];
        node = node[slot] = typeof child === 'object' ? child : {};
      }
    });
  }
  return root;
}

export const isTree = (v: string | FormTree | undefined): v is FormTree => typeof v === 'object';
