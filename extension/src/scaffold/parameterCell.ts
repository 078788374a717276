/**
 * Reads and fills the parameter cell of a Fupan notebook template: the first code cell, made of
 * `const NAME = <literal>;` declarations (data paths, column mapping, tiers, coupon table). Only the
 * initialisers are replaced; comments and type annotations stay.
 */

/** Where a constant's initialiser sits in the cell source: [start, end) of the expression. */
function initialiserRange(source: string, name: string): [number, number] | undefined {
  const decl = new RegExp(`^const\\s+${name}\\b[^=\\n]*=\\s*`, 'm').exec(source);
  if (!decl) return undefined;
  const start = decl.index + decl[0].length;
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(source, i);
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
    } else if (
      depth === 0 &&
      (c === ';' || (c === '\n' && !/[,([{=+\-*/]\s*$/.test(source.slice(start, i))))
    ) {
      return [start, i];
    }
  }
  return [start, source.length];
}

function skipString(source: string, from: number): number {
  const quote = source[from];
  for (let i = from + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  return source.length;
}

/**
 * The value of a constant in the parameter cell, when its initialiser is plain data (JSON-like: objects,
 * arrays, strings, numbers; unquoted keys and trailing commas allowed).
 * @param source the parameter cell's source
 * @param name the constant, e.g. `DATA`
 * @returns the value, or undefined when absent or not plain data
 * @example readParameter("const TIME_ZONE = 'Asia/Shanghai';", 'TIME_ZONE') // 'Asia/Shanghai'
 */
export function readParameter(source: string, name: string): unknown {
  const range = initialiserRange(source, name);
  if (!range) return undefined;
  const json = toJson(source.slice(range[0], range[1]));
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/**
 * The comments on the lines of an object constant's entries, by key (`orders: '…', // order_id, user_id`):
 * what the template says about each entry.
 * @param source the parameter cell's source
 * @param name the constant, e.g. `DATA`
 * @returns key → comment text (without `//`), for the entries that have one
 */
export function parameterLines(source: string, name: string): Map<string, string> {
  const comments = new Map<string, string>();
  const range = initialiserRange(source, name);
  if (!range) return comments;
  for (const line of source.slice(range[0], range[1]).split('\n')) {
    const m = /^\s*[{]?\s*(['"]?)([A-Za-z_$][\w$]*)\1\s*:.*?\/\/\s*(.*)$/.exec(line);
    if (m) comments.set(m[2], m[3].trim());
  }
  return comments;
}

/** Turns a JS data literal into JSON: drops comments, quotes keys, single → double quotes, no trailing commas. */
function toJson(literal: string): string {
  let out = '';
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i];
    if (c === '/' && literal[i + 1] === '/') {
      while (i < literal.length && literal[i] !== '\n') i++;
      out += '\n';
    } else if (c === "'" || c === '"') {
      const end = skipString(literal, i);
      out += JSON.stringify(literal.slice(i + 1, end).replace(/\\(.)/g, '$1'));
      i = end;
    } else {
      out += c;
    }
  }
  return out
    .replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":')
    .replace(/,(\s*[}\]])/g, '$1')
    .trim();
}

/**
 * Replaces the initialisers of the named constants with the given values (written as formatted literals).
 * Constants the cell does not declare are reported, not added: the template decides its parameters.
 * @param source the parameter cell's source
 * @param values constant name → new value (JSON-serialisable)
 * @returns the new source and the names that were not found
 * @example setParameters("const TIME_ZONE = 'UTC';", { TIME_ZONE: 'Asia/Shanghai' }).source // 'const TIME_ZONE = "Asia/Shanghai";'
 */
export function setParameters(
  source: string,
  values: Record<string, unknown>,
): { source: string; missing: string[] } {
  const missing: string[] = [];
  let out = source;
  for (const [name, value] of Object.entries(values)) {
    const range = initialiserRange(out, name);
    if (!range) {
      missing.push(name);
      continue;
    }
    out = out.slice(0, range[0]) + formatLiteral(value) + out.slice(range[1]);
  }
  return { source: out, missing };
}

/** A readable TypeScript literal: JSON, with one entry per line for objects and arrays of objects. */
export function formatLiteral(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return JSON.stringify(value).replace(/,/g, ', ');
  }
  return JSON.stringify(value, null, 2);
}
