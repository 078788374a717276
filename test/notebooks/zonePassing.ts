/**
 * Where notebook code passes a time zone (时区) (issue 18 item 1): `load()` gives each table its zone and every
 * metric reads it from there, so a `timeZone` option belongs in a `load(...)` call or in an SQL source object
 * (`{ file, timeZone }`, the SQL counterpart of a loaded table), never in a metric call or a metric's spec.
 */

/** One `timeZone` option found outside `load()` and SQL sources. */
export interface ZonePass {
  /** 1-based line of the code. */
  line: number;
  /** That line, trimmed. */
  text: string;
}

/** An open bracket while scanning: its kind, and for `(` the name called (`load` in `load(`). */
interface Open {
  kind: '(' | '{' | '[';
  callee: string;
  /** Top-level keys seen so far in a `{` (for the SQL source test). */
  keys: Set<string>;
}

/** The code with strings, template literals and comments blanked (same length, newlines kept). */
function blankLiterals(code: string): string {
  let out = '';
  for (let i = 0; i < code.length;) {
    const c = code[i];
    const two = code.slice(i, i + 2);
    let end = i + 1;
    if (two === '//') {
      end = code.indexOf('\n', i);
      if (end < 0) end = code.length;
    } else if (two === '/*') {
      end = code.indexOf('*/', i + 2);
      end = end < 0 ? code.length : end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      for (end = i + 1; end < code.length && code[end] !== c; end++) if (code[end] === '\\') end++;
      end = Math.min(code.length, end + 1);
    } else {
      out += c;
      i++;
      continue;
    }
    out += code.slice(i, end).replace(/[^\n]/g, ' ');
    i = end;
  }
  return out;
}

/**
 * Every `timeZone` option (`timeZone: …` or the shorthand `timeZone`) in TypeScript code that is not inside
 * a `load(...)` call's arguments and not a key of an SQL source object (an object literal with a `file` or
 * `table` key beside it).
 * @param code the code of one cell
 * @returns the offending options, by line
 * @example zonePasses("churn(data, { asOf, timeZone: TIME_ZONE })") // [{ line: 1, … }]
 */
export function zonePasses(code: string): ZonePass[] {
  const text = blankLiterals(code);
  const lines = code.split('\n');
  const stack: Open[] = [];
  const found: { at: number; stack: Open[] }[] = [];
  const options: { at: number; stack: Open[] }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{' || c === '[') {
      const callee =
        c === '(' ? (/([A-Za-z_$][\w$]*)\s*$/.exec(text.slice(Math.max(0, i - 80), i))?.[1] ?? '') : '';
      stack.push({ kind: c, callee, keys: new Set() });
    } else if (c === ')' || c === '}' || c === ']') {
      stack.pop();
    } else if (/[A-Za-z_$]/.test(c) && !/[\w$.]/.test(text[i - 1] ?? '')) {
      const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i))![0];
      const after = text.slice(i + word.length).match(/^\s*(.)/)?.[1];
      const before = text.slice(0, i).match(/(\S)\s*$/)?.[1];
      const top = stack[stack.length - 1];
      const isKey =
        top?.kind === '{' &&
        (before === '{' || before === ',') &&
        (after === ':' || after === ',' || after === '}');
      if (isKey) top.keys.add(word);
      if (isKey && word === 'timeZone') options.push({ at: i, stack: [...stack] });
      i += word.length - 1;
    }
  }
  for (const o of options) {
    const inLoad = o.stack.some((s) => s.kind === '(' && s.callee === 'load');
    const object = o.stack[o.stack.length - 1];
    const sqlSource = object.keys.has('file') || object.keys.has('table');
    if (!inLoad && !sqlSource) found.push(o);
  }
  return found.map(({ at }) => {
    const line = code.slice(0, at).split('\n').length;
    return { line, text: lines[line - 1].trim() };
  });
}
