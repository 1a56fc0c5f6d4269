/**
 * The language server in process, driven through a real JSON-RPC client connection:
 * diagnostics, code actions, and the edits they carry applied as an editor would.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, DiagnosticSeverity, type Range } from 'vscode-languageserver-protocol';
import { migrate, analyze, applyFixes } from '../../src/core/engine.js';
import { HeaderCache } from '../../src/core/headers.js';
import { FsIncludeProvider } from '../../src/fs/include-provider.js';
import { rules } from '../../rules/index.js';
import { startClient, applyWorkspaceEdit, editsFor, corpusPairs, ensureBuilt, FIXTURES, CORPUS_INCLUDE, REPO, type TestClient } from './helpers.js';

const read = (p: string) => readFileSync(p, 'utf8');
const uriOf = (p: string) => pathToFileURL(p).href;
const lineRange = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: 0 } });
const whole = (text: string): Range => ({ start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } });
const FIX_ALL = 'source.fixAll.bpf-migrate';

let client: TestClient | undefined;
afterEach(async () => { await client?.dispose(); client = undefined; });

describe('bpf-migrate language server', () => {
  it('advertises incremental sync and the two code action kinds', async () => {
    client = await startClient();
    expect(client.init.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(client.init.capabilities.codeActionProvider).toEqual({ codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL] });
    expect(client.init.serverInfo?.name).toBe('bpf-migrate');
  });

  it('reports every legacy construct with the rule id, doc link and the CLI severity', async () => {
    client = await startClient();
    const path = join(FIXTURES, 'three-maps.input.c');
    const uri = uriOf(path);
    client.open(uri, read(path));
    const { diagnostics, version } = await client.diagnostics(uri);
    expect(version).toBe(1);
    const summary = diagnostics.map((d) => [d.range.start.line + 1, d.code, d.severity, (d.data as { fixKey?: string }).fixKey ?? null]);
    expect(summary).toEqual([
      [7, 'btf-map-includes', DiagnosticSeverity.Information, 'flows'],
      [18, 'legacy-elf-map', DiagnosticSeverity.Warning, 'flows'],
      [24, 'kv-pair-annotation', DiagnosticSeverity.Warning, 'flows'],
      [26, 'legacy-elf-map', DiagnosticSeverity.Warning, 'drops'],
      [31, 'map-pinning', DiagnosticSeverity.Information, 'drops'],
      [40, 'legacy-elf-map', DiagnosticSeverity.Error, null],
    ]);
    for (const d of diagnostics) {
      expect(d.source).toBe('bpf-migrate');
      expect(d.codeDescription?.href).toBe(pathToFileURL(join(REPO, 'rules', String(d.code), 'README.md')).href);
    }
    const twice = diagnostics.find((d) => d.severity === DiagnosticSeverity.Error)!;
    expect((twice.data as { messageId: string }).messageId).toBe('duplicateField');
    // A problem's message carries its hint on a line of its own.
    expect(twice.message).toMatch(/^[^\n]+\nhint: [^\n]+$/);
    expect(twice.range).toEqual({ start: { line: 39, character: 1 }, end: { line: 39, character: 15 } });

    // The same diagnostics, severities and messages as the engine the CLI runs.
    const engine = analyze(read(path), { path, provider: new FsIncludeProvider([CORPUS_INCLUDE]), headerCache: new HeaderCache(), rules });
    expect(diagnostics.map((d) => [d.code, d.message.split('\nhint: ')[0]])).toEqual(engine.diagnostics.map((d) => [d.ruleId, d.message]));
  });

  it('offers one quickfix per migratable map, migrating that map with its annotation and include as one edit', async () => {
    client = await startClient();
    const path = join(FIXTURES, 'three-maps.input.c');
    const uri = uriOf(path);
    const text = read(path);
    client.open(uri, text);
    await client.diagnostics(uri);

    const atFlows = await client.codeActions(uri, lineRange(17));
    const quick = atFlows.filter((a) => a.kind === CodeActionKind.QuickFix);
    expect(quick.map((a) => a.title)).toEqual(["Migrate 'flows' to a BTF-defined map (bpf-migrate)"]);
    expect(quick[0].isPreferred).toBe(true);
    expect(quick[0].diagnostics!.map((d) => d.code)).toEqual(['legacy-elf-map']);
    const after = applyWorkspaceEdit(text, uri, quick[0].edit!);
    // Exactly what the engine's fix for that map gives on its own.
    const engine = analyze(text, { path, provider: new FsIncludeProvider([CORPUS_INCLUDE]), headerCache: new HeaderCache(), rules });
    expect(after).toBe(applyFixes(text, [engine.fixes.find((f) => f.key === 'flows')!]).output);
    expect(after).toContain('#include <bpf/bpf_helpers.h>\n');
    expect(after).not.toContain('BPF_ANNOTATE_KV_PAIR(flows');
    expect(after).toContain('} flows __section(".maps");');
    expect(after).toContain('struct bpf_elf_map __section("maps") drops = {');

    // From the annotation line too: the same map's fix.
    const atAnnotation = (await client.codeActions(uri, lineRange(23), [CodeActionKind.QuickFix]));
    expect(atAnnotation.map((a) => a.title)).toEqual(["Migrate 'flows' to a BTF-defined map (bpf-migrate)"]);
    expect(atAnnotation[0].diagnostics!.map((d) => d.code)).toEqual(['kv-pair-annotation']);
  });

  it('offers no action where the CLI only diagnoses', async () => {
    client = await startClient();
    const path = join(FIXTURES, 'three-maps.input.c');
    const uri = uriOf(path);
    client.open(uri, read(path));
    await client.diagnostics(uri);
    for (const line of [35, 39]) {
      expect(await client.codeActions(uri, lineRange(line), [CodeActionKind.QuickFix])).toEqual([]);
    }
    // A file with nothing to migrate offers nothing at all.
    const clean = join(FIXTURES, 'three-maps.output.c');
    const cleanUri = uriOf(clean).replace('three-maps.output.c', 'clean.c');
    client.open(cleanUri, read(clean).replace(/struct bpf_elf_map[\s\S]*?\n};\n/, ''));
    const p = await client.diagnostics(cleanUri);
    expect(p.diagnostics).toEqual([]);
    expect(await client.codeActions(cleanUri, whole(read(clean)))).toEqual([]);
  });

  it.each(['three-maps', 'annotated-map'])('fix-all on %s gives exactly the expected output (with versioned document changes)', async (name) => {
    client = await startClient({ documentChanges: true });
    const path = join(FIXTURES, `${name}.input.c`);
    const uri = uriOf(path);
    const text = read(path);
    client.open(uri, text);
    await client.diagnostics(uri);
    const actions = await client.codeActions(uri, lineRange(0), [CodeActionKind.SourceFixAll]);
    expect(actions.map((a) => a.kind)).toEqual([FIX_ALL]);
    const edit = actions[0].edit!;
    expect(edit.documentChanges?.[0]).toMatchObject({ textDocument: { uri, version: 1 } });
    expect(applyWorkspaceEdit(text, uri, edit)).toBe(read(join(FIXTURES, `${name}.output.c`)));
    // `source` asks for it too; `quickfix` does not.
    expect((await client.codeActions(uri, lineRange(0), [CodeActionKind.Source])).map((a) => a.kind)).toEqual([FIX_ALL]);
    expect((await client.codeActions(uri, lineRange(0), [CodeActionKind.QuickFix]))).toEqual([]);
  });

  it('applying the single quickfix of a one-map file gives exactly the expected output', async () => {
    client = await startClient();
    const path = join(FIXTURES, 'annotated-map.input.c');
    const uri = uriOf(path);
    const text = read(path);
    client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri);
    const legacy = diagnostics.find((d) => d.code === 'legacy-map-def')!;
    const actions = await client.codeActions(uri, legacy.range, [CodeActionKind.QuickFix]);
    expect(actions).toHaveLength(1);
    expect(applyWorkspaceEdit(text, uri, actions[0].edit!)).toBe(read(join(FIXTURES, 'annotated-map.output.c')));
  });

  it('offers a quickfix for a map declared through a macro that writes the call out and migrates it', async () => {
    client = await startClient();
    const path = join(REPO, 'corpus', 'legacy-elf-map', 'macro-prog-array.input.c');
    const uri = uriOf(path);
    const text = read(path);
    client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri);
    const call = diagnostics.find((d) => d.code === 'legacy-elf-map' && (d.data as { messageId: string }).messageId === 'declaredByMacro')!;
    expect(text.split('\n')[call.range.start.line]).toMatch(/^BPF_PROG_ARRAY\(jmp_tc,/);
    const actions = await client.codeActions(uri, call.range, [CodeActionKind.QuickFix]);
    expect(actions.map((a) => a.title)).toEqual(["Write out BPF_PROG_ARRAY(jmp_tc, ...) and migrate 'jmp_tc' to a BTF-defined map (bpf-migrate)"]);
    // The file's only map: the fix alone gives the CLI's output.
    expect(applyWorkspaceEdit(text, uri, actions[0].edit!)).toBe(read(path.replace('.input.c', '.output.c')));
  });

  it('fix-all equals the CLI result on every corpus pair present', async () => {
    client = await startClient();
    const pairs = corpusPairs();
    expect(pairs.length).toBeGreaterThan(0);
    for (const { input } of pairs) {
      const uri = uriOf(input);
      const text = read(input);
      client.open(uri, text);
      await client.diagnostics(uri);
      const expected = migrate(text, { path: input, provider: new FsIncludeProvider([CORPUS_INCLUDE]), headerCache: new HeaderCache(), rules }).output;
      const actions = await client.codeActions(uri, whole(text), [FIX_ALL]);
      const got = actions.length ? applyWorkspaceEdit(text, uri, actions[0].edit!) : text;
      expect(got, basename(input)).toBe(expected);
      client.close(uri);
    }
  }, 60_000);

  it('follows unsaved incremental edits, debounced, and diagnoses the latest version', async () => {
    client = await startClient({ server: { debounceMs: 150 } });
    const path = join(FIXTURES, 'three-maps.input.c');
    const uri = uriOf(path);
    const text = read(path);
    client.open(uri, text);
    const first = await client.diagnostics(uri);
    expect(first.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error)).toHaveLength(1);
    const before = client.published.length;

    // Delete the duplicate `.max_elem = 2,` line one character at a time (line 40, 0-based 39).
    const line = text.split('\n')[39];
    expect(line).toBe('\t.max_elem\t= 2,');
    let version = 1;
    for (let i = 0; i <= line.length; i++) {
      version++;
      const start = { line: 39, character: 0 };
      client.change(uri, version, [{ range: { start, end: i < line.length ? { line: 39, character: 1 } : { line: 40, character: 0 } }, text: '' }]);
    }
    const final = await client.diagnostics(uri, (p) => p.version === version);
    expect(client.published.length - before).toBe(1); // one analysis for the burst of keystrokes
    expect(final.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error)).toEqual([]);
    // 'twice' is now migratable, from the unsaved buffer.
    const twiceActions = await client.codeActions(uri, lineRange(34), [CodeActionKind.QuickFix]);
    expect(twiceActions.map((a) => a.title)).toEqual(["Migrate 'twice' to a BTF-defined map (bpf-migrate)"]);

    // A code action request before the debounce fires sees the current text, not the old analysis.
    version++;
    client.change(uri, version, [{ range: { start: { line: 34, character: 0 }, end: { line: 41, character: 0 } }, text: '' }]);
    expect(await client.codeActions(uri, lineRange(34), [CodeActionKind.QuickFix])).toEqual([]);
    const fixAll = await client.codeActions(uri, lineRange(0), [FIX_ALL]);
    expect(fixAll).toHaveLength(1);
    expect(editsFor(fixAll[0].edit!, uri).length).toBeGreaterThan(0);
  });

  it('survives garbage, half-typed code and huge files, logging instead of crashing', async () => {
    // The real analysis worker (compiled), with a short time limit.
    ensureBuilt();
    const worker = pathToFileURL(join(REPO, 'dist/src/lsp/worker.js'));
    client = await startClient({ server: { debounceMs: 0, maxFileSize: 2_000_000, worker, analysisTimeoutMs: 4000 } });
    const input = read(join(FIXTURES, 'three-maps.input.c'));
    const docs: [string, string][] = [
      ['garbage.c', Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 0xfffe)).join('')],
      ['nul.c', 'struct bpf_elf_map \u0000\u0000 SEC("maps") = {{{{'],
      ['unterminated.c', 'struct bpf_elf_map __section("maps") m = { .type = BPF_MAP_TYPE_HASH, /* never closed'],
      ['bad-utf16.c', `struct bpf_elf_map __section("maps") \ud800x = { .type = 1 };\nBPF_ANNOTATE_KV_PAIR(\udfff`],
      ['deep.c', `struct bpf_elf_map __section("maps") m = ${'{'.repeat(20000)}`],
    ];
    // Every prefix of a real file, as if typed from scratch (sampled).
    for (let n = 0; n < input.length; n += 97) docs.push([`prefix-${n}.c`, input.slice(0, n)]);
    // A huge file within the size limit, and one over it.
    const big = input.repeat(Math.floor(1_900_000 / input.length));
    docs.push(['big.c', big]);
    docs.push(['too-big.c', big + big]);
    for (const [name, text] of docs) {
      const uri = `file:///tmp/bpf-migrate-lsp-test/${name}`;
      client.open(uri, text);
      const p = await client.diagnostics(uri, () => true, 30000);
      expect(Array.isArray(p.diagnostics)).toBe(true);
      await client.codeActions(uri, whole(text));
      client.close(uri);
    }
    // Still answering, with the right answers.
    const uri = uriOf(join(FIXTURES, 'three-maps.input.c'));
    client.open(uri, input);
    expect((await client.diagnostics(uri)).diagnostics.length).toBe(6);
    expect(client.logs.some((l) => l.message.includes('too-big.c') && l.message.includes('not analysed'))).toBe(true);

    // An analysis that overruns the time limit is stopped and logged, and the server goes on.
    await client.dispose();
    client = await startClient({ server: { debounceMs: 0, maxFileSize: 2_000_000, worker, analysisTimeoutMs: 30 } });
    const slow = `file:///tmp/bpf-migrate-lsp-test/slow.c`;
    client.open(slow, big);
    expect(Array.isArray((await client.diagnostics(slow, () => true, 30000)).diagnostics)).toBe(true);
    expect(client.logs.some((l) => l.message.includes('slow.c') && l.message.includes('took longer than 30 ms'))).toBe(true);
  }, 120_000);

  it('takes include dirs from .bpf-migrate.json in the workspace root, relative to it', async () => {
    const { mkdtempSync, writeFileSync, copyFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'bpf-migrate-lsp-'));
    copyFileSync(join(FIXTURES, 'annotated-map.input.c'), join(root, 'prog.c'));
    const { cpSync } = await import('node:fs');
    cpSync(CORPUS_INCLUDE, join(root, 'inc'), { recursive: true });
    writeFileSync(join(root, '.bpf-migrate.json'), JSON.stringify({ includeDirs: ['inc'] }));
    client = await startClient({ rootUri: pathToFileURL(root).href, initializationOptions: {} });
    const uri = uriOf(join(root, 'prog.c'));
    const text = read(join(root, 'prog.c'));
    client.open(uri, text);
    await client.diagnostics(uri);
    const [fix] = await client.codeActions(uri, lineRange(0), [FIX_ALL]);
    expect(applyWorkspaceEdit(text, uri, fix.edit!)).toBe(read(join(FIXTURES, 'annotated-map.output.c')));
  });
});
