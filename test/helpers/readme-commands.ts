/**
 * The shell blocks of a markdown document, as a reader would type them: fenced `sh` blocks in order, each
 * command whole (continuation lines, pipes and multi-line quoted strings joined), comments dropped.
 *
 * A block the walkthrough cannot run carries a marker on the line before its fence, with the reason:
 * `<!-- readme-walkthrough: offline: needs a cluster -->`; it is checked without running (the files,
 * directories and commands it names).
 */

export const MARKER_KINDS = ['offline'] as const;

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The nearest heading above the block, without its `#`s. */
  heading: string;
  marker: { kind: string; reason: string } | undefined;
  commands: string[];
}

export interface Fence {
  line: number;
  language: string;
  heading: string;
  body: string;
  /** The last non-blank line before the fence. */
  before: string;
}

/** Every fenced block of the document with its language (`''` when it names none). */
export function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const found: Fence[] = [];
  let heading = '';
  let before = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const open = /^```(\S*)\s*$/.exec(line);
    if (open) {
      const start = i;
      const body: string[] = [];
      for (i += 1; i < lines.length && !/^```\s*$/.test(lines[i]!); i += 1) body.push(lines[i]!);
      found.push({ line: start + 1, language: open[1]!, heading, body: body.join('\n'), before });
      before = '';
      continue;
    }
    const title = /^#{1,6} (.*)$/.exec(line);
    if (title) heading = title[1]!.trim();
    if (line.trim() !== '') before = line.trim();
  }
  return found;
}

/** The document's `sh` blocks, in order, with their markers and commands. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  return fences(markdown)
    .filter((fence) => fence.language === 'sh')
    .map((fence) => {
      const marker = /^<!-- readme-walkthrough: (\w+)(?::\s*(.*?))?\s*-->$/.exec(fence.before);
      return {
        line: fence.line,
        heading: fence.heading,
        marker: marker ? { kind: marker[1]!, reason: marker[2] ?? '' } : undefined,
        commands: splitCommands(fence.body),
      };
    });
}

/** Splits a block into commands: a newline ends one only outside quotes and after no `\`, `|` or `&&`. */
export function splitCommands(block: string): string[] {
  const commands: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let comment = false;
  for (let i = 0; i < block.length; i += 1) {
    const char = block[i]!;
    if (comment) {
      if (char !== '\n') continue;
      comment = false;
    }
    if (quote === null && char === '#' && (current === '' || /\s$/.test(current))) {
      comment = true;
      continue;
    }
    if (char === '\\' && quote !== "'" && i + 1 < block.length) {
      current += char + block[i + 1];
      i += 1;
      continue;
    }
    if (quote === null && (char === '"' || char === "'")) quote = char;
    else if (char === quote) quote = null;
    if (char === '\n' && quote === null) {
      const trimmed = current.trimEnd();
      if (/(\\|\||&&)$/.test(trimmed) || trimmed === '') {
        current = trimmed === '' ? '' : `${current}\n`;
        continue;
      }
      commands.push(trimmed.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim() !== '') commands.push(current.trim());
  return commands;
}

export interface SqlExample {
  /** The `-- ` comment naming the query. */
  label: string;
  /** The statement without its comment lines. */
  query: string;
}

/** The queries of a `sql` block: separated by blank lines, each named by its leading `-- ` comment. */
export function sqlExamples(body: string): SqlExample[] {
  return body
    .split(/\n\s*\n/)
    .map((part) => part.split('\n'))
    .map((lines) => ({
      label: lines.filter((line) => line.startsWith('--')).map((line) => line.replace(/^--\s*/, ''))[0] ?? '',
      query: lines
        .filter((line) => !line.startsWith('--'))
        .join('\n')
        .trim(),
    }))
    .filter((example) => example.query !== '');
}
