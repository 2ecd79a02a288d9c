import { z } from 'zod';
import { SETTINGS, type SettingName } from './table.js';

/** What the README and `--help` say about each setting, read from the table (src/settings/table.ts). */

/** The value a setting takes when unset, before any transform; undefined when it has none. */
export function settingDefault(name: SettingName): unknown {
  let schema: z.ZodType = SETTINGS.shape[name];
  for (;;) {
    if (schema instanceof z.ZodDefault) return schema.def.defaultValue;
    if (schema instanceof z.ZodPipe) schema = schema.def.in as z.ZodType;
    else return undefined;
  }
}

/** The values an enumerated setting accepts (`LOG_LEVEL`: debug, info, ...). */
export function settingChoices(name: SettingName): string[] {
  let schema: z.ZodType = SETTINGS.shape[name];
  while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional)
    schema = schema.def.innerType as z.ZodType;
  return schema instanceof z.ZodEnum ? (schema.options as string[]) : [];
}

/** For `--help`: the setting's meaning as the README gives it, without Markdown. */
export function settingHelp(name: SettingName): string {
  return (SETTINGS.shape[name].description ?? '').replace(/`/g, '');
}

/** For `--help`: "WEBHOOK_PORT or 8080", the variable a flag falls back to and then its default. */
export function orSetting(name: SettingName): string {
  const value = settingDefault(name);
  return value === undefined || value === '' ? name : `${name} or ${String(value)}`;
}

/** The README's "Configuration" table, one row per setting in the table's order. */
export function settingsMarkdownTable(): string {
  const rows = (Object.keys(SETTINGS.shape) as SettingName[]).map((name) => {
    const schema = SETTINGS.shape[name];
    const shown = schema.meta()?.['shown'];
    const value = settingDefault(name);
    const fallback = value === undefined || value === '' ? '' : `\`${String(value)}\``;
    return `| \`${name}\` | ${typeof shown === 'string' ? shown : fallback} | ${schema.description ?? ''} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
