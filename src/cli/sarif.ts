/**
 * `--format sarif`: the run as a SARIF 2.1.0 log, for code-scanning services. One result per
 * diagnostic; files that could not be read or written are tool execution notifications.
 */
import { ENGINE_META } from '../core/engine-messages.js';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleMeta } from '../core/rule.js';
import type { Severity } from '../core/types.js';
import type { FileResult } from '../run/process-file.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The base id artifact locations are relative to: the directory the run started in. */
const SRCROOT = '%SRCROOT%';


export interface SarifOptions {
  rules: readonly RuleMeta[];
  /** A rule's documentation in this installation: helpUri points at it, and the doc is embedded as `help`. */
  docPath: (ruleId: string) => string;
  /** The package's README, the tool's informationUri. */
  readme: string;
  cwd: string;
  version: string;
}

function level(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'info' ? 'note' : s;
}

/** Paths relative to the run's directory become `%SRCROOT%`-relative URIs, as code scanning expects. */
function artifactLocation(path: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  if (rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(path).href };
  return { uri: rel.split('\\').join('/').split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function ruleDescriptor(meta: { id: string; description: string }, docPath: (ruleId: string) => string) {
  const doc = docPath(meta.id);
  const descriptor: Record<string, unknown> = { id: meta.id, shortDescription: { text: meta.description } };
  if (existsSync(doc)) {
    descriptor.helpUri = pathToFileURL(doc).href;
    const markdown = readFileSync(doc, 'utf8');
    descriptor.help = { text: markdown, markdown };
  }
  return descriptor;
}

export function toSarif(results: readonly FileResult[], o: SarifOptions): string {
  const descriptors = [...o.rules.map((r) => ruleDescriptor(r, o.docPath)), ruleDescriptor(ENGINE_META, o.docPath)];
  const index = new Map(descriptors.map((d, i) => [d.id as string, i]));
  const sarifResults = [];
  const notifications = [];
  for (const r of results) {
    const artifact = artifactLocation(r.path, o.cwd);
    if (r.status === 'error') {
      notifications.push({ level: 'error', message: { text: `${r.path}: ${r.reason ?? 'error'}` }, locations: [{ physicalLocation: { artifactLocation: artifact } }] });
    }
    for (const d of r.diagnostics) {
      const ruleIndex = index.get(d.ruleId);
      sarifResults.push({
        ruleId: d.ruleId,
        ...(ruleIndex === undefined ? {} : { ruleIndex }),
        level: level(d.severity),
        message: { text: d.hint ? `${d.message}\nHint: ${d.hint}` : d.message },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: { startLine: d.line, startColumn: d.column } } }],
        properties: { messageId: d.messageId, category: d.category, fixable: d.fixable, ...(d.subject ? { subject: d.subject } : {}) },
      });
    }
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'bpf-migrate', version: o.version, informationUri: pathToFileURL(o.readme).href, rules: descriptors } },
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(o.cwd.endsWith('/') ? o.cwd : `${o.cwd}/`).href } },
      invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
      results: sarifResults,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
