/** Where the package keeps each rule's documentation: `rules/<id>/README.md`, beside the rule itself. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root: two levels up from src/fs (tests run the sources), three from dist/src/fs. */
export const PACKAGE_ROOT = ['../../', '../../../'].map((up) => fileURLToPath(new URL(up, import.meta.url))).find((dir) => existsSync(join(dir, 'package.json')))!;

export function ruleDocPath(id: string): string {
  return join(PACKAGE_ROOT, 'rules', id, 'README.md');
}
