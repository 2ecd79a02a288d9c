/**
 * JSON that JavaScript parses but PostgreSQL's jsonb refuses: `\u0000`, unpaired surrogate escapes
 * (`"\ud800"`), numbers outside `numeric`'s range and nesting deep enough to exhaust its parser's stack.
 * Such a body would fail the whole inbox write it is batched with, so the listener refuses it up front.
 */
export const MAX_JSON_DEPTH = 256;
/** Longest number token and largest |exponent| accepted (Hostaway sends ids, prices and counts). */
const MAX_NUMBER_CHARS = 400;
const MAX_EXPONENT = 1000;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const hexAt = (text: string, at: number) => Number.parseInt(text.slice(at, at + 4), 16);

/** Scans a string token from just after its opening quote; the index of its closing quote, or a reason. */
function scanString(text: string, start: number): number | string {
  for (let i = start; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i;
    if (c !== 0x5c) continue;
    if (text[i + 1] !== 'u') {
      i += 1;
      continue;
    }
    const code = hexAt(text, i + 2);
    if (code === 0) return 'a string contains \\u0000';
    if (isLow(code)) return 'a string contains an unpaired surrogate escape';
    if (isHigh(code)) {
      if (text.slice(i + 6, i + 8) !== '\\u' || !isLow(hexAt(text, i + 8)))
        return 'a string contains an unpaired surrogate escape';
      i += 6;
    }
    i += 5;
  }
  return text.length;
}

/** Scans a number token; the index of its last character, or a reason. */
function scanNumber(text: string, start: number): number | string {
  let end = start;
  while (end < text.length && /[0-9eE+\-.]/.test(text[end]!)) end += 1;
  const token = text.slice(start, end);
  const exponent = /[eE]([+-]?\d+)$/.exec(token);
  if (token.length > MAX_NUMBER_CHARS || (exponent && Math.abs(Number(exponent[1])) > MAX_EXPONENT))
    return 'a number is out of range';
  return end - 1;
}

/** Why valid JSON text cannot be stored as jsonb, or undefined when it can. Linear, no recursion. */
export function unstorableJsonReason(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    let next: number | string = i;
    if (c === 0x22) next = scanString(text, i + 1);
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) return `nested deeper than ${MAX_JSON_DEPTH} levels`;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) next = scanNumber(text, i);
    if (typeof next === 'string') return next;
    i = next;
  }
  return undefined;
}
