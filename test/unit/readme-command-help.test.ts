import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import stringWidth from 'string-width';
import { buildProgram } from '../../src/cli/program.js';
import { dispatch } from '../helpers/cli-wiring.js';
import { splitCommands } from '../helpers/readme-commands.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const program = buildProgram(async () => {});

/** Every command that runs something, by its path: `accounts add`, `sql`, … */
function leaves(command: CommandUnknownOpts, path: string[] = []): Map<string, CommandUnknownOpts> {
  const found = new Map<string, CommandUnknownOpts>();
  for (const sub of command.commands) {
    const subPath = [...path, sub.name()];
    if (sub.commands.length > 0) for (const [name, leaf] of leaves(sub, subPath)) found.set(name, leaf);
    else found.set(subPath.join(' '), sub);
  }
  return found;
}
const COMMANDS = leaves(program);

/** A command's `--help` as an 80-column terminal shows it. */
function helpAt80(command: CommandUnknownOpts): string {
  let text = '';
  command
    .configureOutput({
      writeOut: (t) => (text += t),
      getOutHelpWidth: () => 80,
      getOutHasColors: () => false,
    })
    .outputHelp();
  return text;
}

/** The README's "Commands" table: each row's synopsis cell and its description. */
function readmeRows(): { synopsis: string; text: string }[] {
  const section = README.split('\n## Commands\n')[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `hostaway-sync '))
    .map((line) => {
      const [, synopsis, description] = line.split(/(?<!\\)\|/);
      return { synopsis: synopsis!.trim(), text: `${synopsis} ${description}` };
    });
}

/** The commands a synopsis names: `hostaway-sync webhook serve\|register` names two. */
function commandsOf(synopsis: string): string[] {
  const words = synopsis.replace(/^`hostaway-sync /, '').split(/[\s`]/);
  const path: string[] = [];
  for (const word of words) {
    if (!/^[a-z][\w\\|-]*$/.test(word)) break;
    path.push(word);
  }
  const last = path.pop()!;
  return last.split(/\\?\|/).map((name) => [...path, name].join(' '));
}

const flagsOf = (command: CommandUnknownOpts) =>
  [...command.options, ...program.options]
    .flatMap((o) => [o.long, o.short])
    .filter((flag): flag is string => flag !== undefined);

/** Splits an example like a shell would, for the quotes examples use. */
const shellWords = (line: string) =>
  [...line.replace(/\\\n\s*/g, ' ').matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );

describe('README "Commands" and --help', () => {
  it('every command has a row, and every row a command', () => {
    const named = readmeRows().flatMap((row) => commandsOf(row.synopsis));
    for (const name of named) assert.ok(COMMANDS.has(name), `README names "${name}", which is no command`);
    // The webhook tools have their own page (docs/webhooks.md); the row names them all.
    assert.deepEqual(
      [...COMMANDS.keys()].filter((name) => !named.includes(name)),
      [],
    );
  });

  it('a row names only flags its command has, and every flag it has', () => {
    const wrong: string[] = [];
    for (const row of readmeRows())
      for (const name of commandsOf(row.synopsis)) {
        const command = COMMANDS.get(name)!;
        const flags = flagsOf(command);
        for (const [flag] of row.synopsis.matchAll(/(?<![\w-])--?[a-z][\w-]*/g))
          if (!flags.includes(flag)) wrong.push(`\`${name}\` has no ${flag}`);
        if (commandsOf(row.synopsis).length > 1) continue;
        for (const option of command.options)
          if (option.long !== '--help' && !row.text.includes(option.long!))
            wrong.push(`the row of \`${name}\` leaves out ${option.long}`);
      }
    assert.deepEqual(wrong, []);
  });

  it('every --help fits 80 columns, and its examples run as shown', async () => {
    const wrong: string[] = [];
    for (const [name, command] of [['', program] as const, ...COMMANDS]) {
      const help = helpAt80(command);
      for (const line of help.split('\n'))
        if (stringWidth(line) > 80) wrong.push(`\`${name} --help\`, ${stringWidth(line)} columns: ${line}`);
      const examples = help.split(/\nExamples?:\n/)[1]?.split('\n\n')[0] ?? '';
      for (const example of splitCommands(examples)) {
        const cli = /(?:^|\| )(hostaway-sync [\s\S]*?)(?: [|>][\s\S]*)?$/.exec(example)?.[1];
        if (cli)
          await dispatch(shellWords(cli).slice(1)).catch((error: Error) =>
            wrong.push(`\`${name} --help\` example \`${cli}\`: ${error.message}`),
          );
      }
    }
    assert.deepEqual(wrong, []);
  });
});
