import { InputError } from '../errors.js';

/**
 * What `JSON.parse` does not say of a JSON text, found in one pass before it parses: a key written twice
 * in one object (JSON.parse keeps the last silently, where a CSV with a duplicate header is refused), and
 * integers beyond ±2^53 (JSON.parse rounds them, so two 19-digit ids can become one user). Such integers
 * are quoted, so they load as the exact text they were written as.
 *
 * Only valid JSON is judged: on text that is not, the scan stops and returns it unchanged, for
 * `JSON.parse` to refuse with its own message.
 * @param text the JSON text
 * @param file the file name for messages
 * @param lineBase the line of `text` in its file (NDJSON), else lines are counted in `text`
 * @returns `text`, with big integers quoted
 * @example exactJson('{"id": 6221234567890123456}', 'a.json') // '{"id": "6221234567890123456"}'
 */
export function exactJson(text: string, file: string, lineBase?: number): string {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  let big: number[] | undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let j = i + 1;
      let escaped = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          escaped = true;
          j += 2;
        } else if (d === 34) break;
        else j++;
      }
      if (j >= n) return text;
      const top = stack.length ? stack[stack.length - 1] : null;
      if (top && expectKey) {
        let key: string;
        try {
          key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        } catch {
          return text;
        }
        if (top.has(key)) {
          throw new InputError(
            'duplicate key in one JSON object',
            { file, line: lineBase ?? lineAt(text, i), column: key, value: key },
            'each key once per object (JSON.parse would keep the last value silently)',
          );
        }
        top.add(key);
        expectKey = false;
      }
      i = j + 1;
    } else if (c === 123) {
      stack.push(new Set());
      expectKey = true;
      i++;
    } else if (c === 91) {
      stack.push(null);
      i++;
    } else if (c === 125 || c === 93) {
      stack.pop();
      expectKey = false;
      i++;
    } else if (c === 44) {
      expectKey = stack.length > 0 && stack[stack.length - 1] !== null;
      i++;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      let integer = true;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d >= 48 && d <= 57) j++;
        else if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) {
          integer = false;
          j++;
        } else break;
      }
      if (integer && j - i >= 16 && !Number.isSafeInteger(Number(text.slice(i, j)))) (big ??= []).push(i, j);
      i = j;
    } else i++;
  }
  if (!big) return text;
  const parts: string[] = [];
  let at = 0;
  for (let k = 0; k < big.length; k += 2) {
    parts.push(text.slice(at, big[k]), '"', text.slice(big[k], big[k + 1]), '"');
    at = big[k + 1];
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
