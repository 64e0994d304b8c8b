import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import zh from '@/messages/zh-CN.json';
import { ERROR_CODES } from '../errors';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** The argument names and tags a message uses ({name}, {n, plural…}, <code>…</code>). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      into.add(el.value);
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
    if (el.type === TYPE.tag) {
      into.add(`<${el.value}>`);
      argumentsOf(el.children, into);
    }
  }
  return into;
}

const catalogues = { en: flatten(en as Tree), 'zh-CN': flatten(zh as Tree) };

describe('message catalogues', () => {
  it('have the same keys in both languages', () => {
    const enKeys = [...catalogues.en.keys()].sort();
    const zhKeys = [...catalogues['zh-CN'].keys()].sort();
    expect(enKeys.filter((k) => !catalogues['zh-CN'].has(k)), 'keys missing in zh-CN').toEqual([]);
    expect(zhKeys.filter((k) => !catalogues.en.has(k)), 'keys missing in en').toEqual([]);
  });

  it('have a user-facing message in both languages for every error code of lib/errors.ts', () => {
    for (const [lang, messages] of Object.entries(catalogues)) {
      const missing = ERROR_CODES.filter((code) => !messages.get(`errors.${code}`)?.trim());
      expect(missing, `error codes without a ${lang} message`).toEqual([]);
    }
  });

  it('parse as ICU messages; Chinese uses only arguments English has, and the same tags', () => {
    for (const [key, text] of catalogues.en) {
      const a = argumentsOf(parse(text));
      const b = argumentsOf(parse(catalogues['zh-CN'].get(key) ?? ''));
      // Chinese has no plural forms, so it may leave out a count that only selects a form.
      expect([...b].filter((x) => !a.has(x)), `arguments of ${key} unknown to English`).toEqual([]);
      expect([...b].filter((x) => x.startsWith('<')).sort(), `tags of ${key}`).toEqual([...a].filter((x) => x.startsWith('<')).sort());
    }
  });

  it('are written in their language: the Chinese catalogue has Chinese in every sentence', () => {
    const untranslated = [...catalogues['zh-CN']].filter(([key, text]) => {
      const english = catalogues.en.get(key);
      return text === english && /[a-z]{4,}/.test(text.replace(/\{[^}]*\}|<[^>]*>|[A-Z][A-Za-z0-9#_-]+/g, '')) && !/[\u4e00-\u9fff]/.test(text);
    });
    expect(untranslated.map(([k]) => k)).toEqual([]);
  });
});

describe('operation names', () => {
  it('names every action a route logs, in both languages (the operation log shows the name, not the id)', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const files = (await readdir('app', { recursive: true })).filter((f) => f.endsWith('route.ts'));
    const actions = new Set<string>();
    for (const f of files) for (const m of (await readFile(path.join('app', f), 'utf8')).matchAll(/action: '([a-z_]+\.[a-z_0-9.]+)'/g)) actions.add(m[1]!);
    expect(actions.size).toBeGreaterThan(20);
    const missing = (tree: Tree) => [...actions].filter((a) => typeof flatten(tree).get(`ops.actions.${a}`) !== 'string');
    expect(missing(en as Tree)).toEqual([]);
    expect(missing(zh as Tree)).toEqual([]);
  });
});
