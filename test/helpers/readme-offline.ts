import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { SETTINGS } from '../../src/settings/table.js';
import { dispatch } from './cli-wiring.js';

/**
 * Checks a README block that cannot run in CI (it needs a cluster, docker, or is the test suite itself)
 * without running it: each command must be one this file knows how to check, and what it names must exist.
 * Returns one line per command saying what was checked; throws at the first command that does not hold.
 */
export async function checkOffline(commands: string[], root: string): Promise<string[]> {
  /** Directories a `cp -r` of the block made, to the directory they are a copy of. */
  const copies = new Map<string, string>();
  const images = new Set<string>();
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: object })
    .scripts;
  /** A path as it is in the checkout: a copy made earlier in the block resolves to its original. */
  const resolve = (path: string) => {
    const clean = normalize(path).replace(/\/$/, '');
    for (const [copy, original] of copies)
      if (clean === copy || clean.startsWith(`${copy}/`)) return original + clean.slice(copy.length);
    return clean;
  };
  const isDir = (path: string) => existsSync(join(root, path)) && statSync(join(root, path)).isDirectory();
  const isFile = (path: string) => existsSync(join(root, path)) && statSync(join(root, path)).isFile();

  const checked: string[] = [];
  for (const command of commands) {
    const words = command.split(/\s+/);
    const fail = (why: string): never => {
      throw new Error(`offline check of \`${command}\`: ${why}`);
    };
    let match: RegExpExecArray | null;
    if ((match = /^cp -r (\S+) (\S+)$/.exec(command))) {
      const from = resolve(match[1]!);
      if (!isDir(from)) fail(`${from} is not a directory`);
      copies.set(normalize(match[2]!), from);
      checked.push(`${from}/ exists`);
    } else if ((match = /^cp (\S+) (\S+)$/.exec(command))) {
      const from = resolve(match[1]!);
      if (!isFile(from)) fail(`${from} is not a file`);
      checked.push(`${from} exists`);
    } else if ((match = /^kubectl apply -k (\S+)$/.exec(command))) {
      const dir = resolve(match[1]!);
      if (!isFile(`${dir}/kustomization.yaml`)) fail(`${dir} has no kustomization.yaml`);
      const manifestTest = readFileSync(join(root, 'test/unit/kubernetes-manifests.test.ts'), 'utf8');
      if (!manifestTest.includes(`/${dir.split('/').slice(-2).join('/')}\``))
        fail(`${dir} is not the overlay test/unit/kubernetes-manifests.test.ts validates`);
      checked.push(`${dir} is a kustomization, validated by kubernetes-manifests.test.ts`);
    } else if ((match = /^docker build -t (\S+) (\S+)$/.exec(command))) {
      const dockerfile = join(resolve(match[2]!), 'Dockerfile');
      if (!isFile(dockerfile)) fail(`${dockerfile} does not exist`);
      if (
        !/^ENTRYPOINT \["node", "\/app\/bin\/hostaway-sync\.js"\]$/m.test(
          readFileSync(join(root, dockerfile), 'utf8'),
        )
      )
        fail(`${dockerfile} does not run bin/hostaway-sync.js`);
      images.add(match[1]!);
      checked.push(`${dockerfile} exists, its entrypoint is the CLI`);
    } else if (words[0] === 'docker' && words[1] === 'run') {
      let i = 2;
      const env: string[] = [];
      for (; i < words.length && words[i]!.startsWith('-'); i += 1)
        if (words[i] === '-e') env.push(words[(i += 1)]!);
        else if (words[i] !== '--rm') fail(`unknown docker option ${words[i]}`);
      if (!images.has(words[i]!)) fail(`image ${words[i]} is not built above`);
      for (const name of env) if (!(name in SETTINGS.shape)) fail(`${name} is not a setting`);
      const args = words.slice(i + 1);
      const [name] = await dispatch(args).catch((error: Error) => fail(error.message));
      checked.push(`\`hostaway-sync ${args.join(' ')}\` parses (${String(name)})`);
    } else if (words[0] === 'hostaway-sync') {
      // A command that never ends (a listener, a worker): its arguments parse.
      const [name] = await dispatch(words.slice(1)).catch((error: Error) => fail(error.message));
      checked.push(`\`${command}\` parses (${String(name)})`);
    } else if ((match = /^(?:\w+=\S+ )*npm (ci|test|run (\S+)(?: -- .*)?)$/.exec(command))) {
      const script = match[2];
      if (script !== undefined && !(script in scripts)) fail(`package.json has no script "${script}"`);
      checked.push(script ? `npm script "${script}" exists` : `npm ${match[1]}`);
    } else fail('no offline check for this command; run it, or teach test/helpers/readme-offline.ts');
  }
  return checked;
}

/** Checks a crontab block: each line is a schedule and a `hostaway-sync` command whose arguments parse. */
export async function checkCron(body: string): Promise<string[]> {
  const checked: string[] = [];
  for (const line of body.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))) {
    const command = /^(?:\S+\s+){5}hostaway-sync ((?:(?! *[|>&]).)*)/.exec(line)?.[1];
    if (command === undefined) throw new Error(`crontab line \`${line}\` runs no hostaway-sync command`);
    const args = command.trim().split(/\s+/);
    const [name] = await dispatch(args).catch((error: Error) => {
      throw new Error(`crontab line \`${line}\`: ${error.message}`);
    });
    checked.push(`\`hostaway-sync ${args.join(' ')}\` parses (${String(name)})`);
  }
  return checked;
}
