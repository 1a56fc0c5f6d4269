/**
 * `--format sarif` validated against the official SARIF 2.1.0 JSON schema (shipped in
 * @microsoft/jest-sarif), and `--format github` as the Actions runner parses workflow commands.
 * Through `execute` in-process, on corpus cases whose diagnostics are known by id.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { rules } from '../rules/index.js';
import { CORPUS, CORPUS_INCLUDE, ROOT } from './support/corpus.js';
import { runCli } from './support/cli.js';
import { githubAnnotations } from '../src/cli/github-annotations.js';

const require = createRequire(import.meta.url);
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
// The schema is draft-04; its language-tag pattern is not valid under the `u` flag.
const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

const run = (args: string[]) => runCli(['-I', CORPUS_INCLUDE, ...args]);

const CUSTOM_PIN = join(CORPUS, 'map-pinning', 'custom-pinning-number.nofix.c');
const OBJECT_NS = join(CORPUS, 'map-pinning', 'pin-object-ns.input.c');

interface SarifResult {
  ruleId: string; ruleIndex?: number; level: string; message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } } }[];
  properties: { messageId: string };
}

describe('--format sarif', () => {
  it('is a valid SARIF 2.1.0 log with one result per diagnostic, by rule id and message id', async () => {
    const r = await run(['--format', 'sarif', CUSTOM_PIN, OBJECT_NS]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const [run0] = log.runs;
    const results = run0.results as SarifResult[];
    const json = JSON.parse((await run(['--json', CUSTOM_PIN, OBJECT_NS])).stdout);
    const diagnostics = json.files.flatMap((f: { diagnostics: { ruleId: string; messageId: string; line: number }[] }) => f.diagnostics);
    expect(results.map((x) => `${x.ruleId}/${x.properties.messageId}@${x.locations[0].physicalLocation.region.startLine}`))
      .toEqual(diagnostics.map((d: { ruleId: string; messageId: string; line: number }) => `${d.ruleId}/${d.messageId}@${d.line}`));
    const custom = results.find((x) => x.properties.messageId === 'customPinning')!;
    expect(custom).toMatchObject({ ruleId: 'map-pinning', level: 'error' });
    expect(custom.locations[0].physicalLocation.artifactLocation).toEqual({ uri: relative(ROOT, CUSTOM_PIN), uriBaseId: '%SRCROOT%' });
    expect(results.find((x) => x.properties.messageId === 'objectNs')).toMatchObject({ ruleId: 'map-pinning', level: 'warning' });
    expect(results.find((x) => x.properties.messageId === 'addInclude')).toMatchObject({ ruleId: 'btf-map-includes', level: 'note' });
  });

  it('describes every rule, with a help URI to its doc and the doc itself', async () => {
    const log = JSON.parse((await run(['--format', 'sarif', OBJECT_NS])).stdout);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('bpf-migrate');
    for (const rule of rules) {
      const d = driver.rules.find((x: { id: string }) => x.id === rule.meta.id);
      const doc = readFileSync(join(ROOT, 'rules', rule.meta.id, 'README.md'), 'utf8');
      expect(fileURLToPath(d.helpUri)).toBe(join(ROOT, 'rules', rule.meta.id, 'README.md'));
      expect(d.help.markdown).toBe(doc);
    }
    for (const x of log.runs[0].results as SarifResult[]) expect(driver.rules[x.ruleIndex!].id).toBe(x.ruleId);
  });

  it('reports a file that cannot be processed as a failed invocation', async () => {
    // Not UTF-8 and naming a legacy construct: an error, not a skip (the summary counts it under errors).
    const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-sarif-'));
    const bad = join(dir, 'latin1.c');
    writeFileSync(bad, Buffer.concat([Buffer.from('/* caf'), Buffer.from([0xe9]), Buffer.from(' */\nstruct bpf_elf_map __section("maps") m = { .type = 2 };\n')]));
    const r = await run(['--format', 'sarif', bad]);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
    const [invocation] = log.runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toHaveLength(1);
    expect(invocation.toolExecutionNotifications[0].level).toBe('error');
    expect(r.code).toBe(1);
  });
});

describe('--format github', () => {
  it('prints one workflow command per diagnostic, level by severity, data and properties escaped', async () => {
    const r = await run(['--format', 'github', CUSTOM_PIN]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const parsed = lines.map((l) => /^::(error|warning|notice) file=([^,]*),line=(\d+),col=(\d+),title=([^:]*)::(.*)$/.exec(l));
    expect(parsed.every(Boolean), r.stdout).toBe(true);
    const custom = parsed.find((m) => m![5] === 'map-pinning (customPinning)')!;
    expect(custom[1]).toBe('error');
    expect(custom[2]).toBe(CUSTOM_PIN);
    // The hint is on a second line of the annotation: encoded, so the command stays one line.
    expect(custom[6]).toMatch(/%0AHint: /);
    expect(parsed.find((m) => m![5] === 'legacy-elf-map (legacyMap)')![1]).toBe('warning');
  });

  it('encodes what would end a property or the command: , : in paths, % and newlines in messages', () => {
    const out = githubAnnotations({
      path: 'a,b:c.c', status: 'unchanged', edits: [], migrated: [], written: false,
      diagnostics: [{ ruleId: 'map-pinning', messageId: 'customPinning', severity: 'error', category: 'problem', message: '100% custom\r\nsecond', hint: '', line: 3, column: 2, fixable: false }],
    });
    expect(out).toBe('::error file=a%2Cb%3Ac.c,line=3,col=2,title=map-pinning (customPinning)::100%25 custom%0D%0Asecond\n');
  });

  it('excludes --json', async () => {
    const r = await run(['--json', '--format', 'github', CUSTOM_PIN]);
    expect(r.code).toBe(2);
  });
});
