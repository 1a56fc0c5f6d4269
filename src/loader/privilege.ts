/** Whether this process may load BPF objects and mount a private bpffs: root, or CAP_BPF with CAP_SYS_ADMIN. */
import * as fs from 'node:fs';

const CAP_SYS_ADMIN = 21n;
const CAP_BPF = 39n;

export interface PrivilegeCheck {
  ok: boolean;
  reason: string;
}

export function checkPrivileges(): PrivilegeCheck {
  if (process.env.BPF_MIGRATE_ASSUME_UNPRIVILEGED === '1') return { ok: false, reason: 'BPF_MIGRATE_ASSUME_UNPRIVILEGED=1 is set' };
  let capEff: bigint | undefined;
  try {
    const m = /^CapEff:\s*([0-9a-fA-F]+)$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) capEff = BigInt(`0x${m[1]}`);
  } catch {
    /* not Linux */
  }
  const uid = typeof process.geteuid === 'function' ? process.geteuid() : -1;
  if (capEff === undefined) return { ok: false, reason: 'cannot read capabilities from /proc/self/status (not Linux?)' };
  const has = (c: bigint) => ((capEff! >> c) & 1n) === 1n;
  const sysAdmin = has(CAP_SYS_ADMIN);
  const bpf = has(CAP_BPF);
  // bpf_capable() is CAP_BPF || CAP_SYS_ADMIN, and mounting the private bpffs needs CAP_SYS_ADMIN.
  if (sysAdmin) return { ok: true, reason: "" };
  const missing = [!bpf && 'CAP_BPF', !sysAdmin && 'CAP_SYS_ADMIN'].filter(Boolean).join(' and ');
  return { ok: false, reason: `running as uid ${uid} without ${missing || 'the needed capabilities'}` };
}
