/**
 * The shell commands of README sections, as a reader would type them: fenced `sh` blocks in order, each
 * command whole (continuation lines, pipes and multi-line quoted strings joined), comments dropped.
 */

/** A fence preceded by this comment is not run by the walkthrough (say why next to it). */
export const SKIP_MARKER = '<!-- readme-walkthrough: skip -->';

export interface ReadmeCommand {
  section: string;
  text: string;
}

/** The `## ` sections of a markdown document by heading (subsections included). */
function sectionsOf(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const part of markdown.split(/^## /m).slice(1)) {
    const newline = part.indexOf('\n');
    sections.set(part.slice(0, newline).trim(), part.slice(newline + 1));
  }
  return sections;
}

function shBlocks(section: string): string[] {
  const blocks: string[] = [];
  const fence = /^```sh\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(section); match; match = fence.exec(section)) {
    const before = section.slice(0, match.index).trimEnd();
    if (!before.endsWith(SKIP_MARKER)) blocks.push(match[1]!);
  }
  return blocks;
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

/** The commands of the named sections, in the order the README gives them; throws for a missing section. */
export function readmeCommands(markdown: string, sectionNames: readonly string[]): ReadmeCommand[] {
  const sections = sectionsOf(markdown);
  return sectionNames.flatMap((name) => {
    const section = sections.get(name);
    if (section === undefined) throw new Error(`README has no section "${name}"`);
    return shBlocks(section).flatMap((block) =>
      splitCommands(block).map((text) => ({ section: name, text })),
    );
  });
}
