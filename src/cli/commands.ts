/** Admin commands (`npm run cli -- <command>`), written to be called from tests too. */
import type { Kysely } from 'kysely';
import type { Database } from '../adapters/db/schema.js';
import { verifyAuditTrail } from '../domains/audit/adapters/audit-trail.js';
import { listUsersWithRoles } from '../domains/identity/adapters/users.js';

export interface CliOutput {
  exitCode: number;
  lines: string[];
}

export const COMMANDS: Record<string, { help: string; run(db: Kysely<Database>, args: string[]): Promise<CliOutput> }> = {
  'audit:verify': {
    help: 'vérifie la chaîne d’empreintes du journal d’audit (code de sortie 1 si elle est rompue)',
    async run(db) {
      const verdict = await verifyAuditTrail(db);
      if (verdict.intact) return { exitCode: 0, lines: [`Journal d’audit intègre : ${verdict.count} entrées vérifiées.`] };
      return {
        exitCode: 1,
        lines: [`Journal d’audit ALTÉRÉ à l’entrée n° ${verdict.brokenAtId} : ${verdict.reason}.`],
      };
    },
  },
  'users:list': {
    help: 'liste les utilisateurs actifs et leurs rôles',
    async run(db) {
      const users = await listUsersWithRoles(db);
      return {
        exitCode: 0,
        lines: users.map((u) => `${u.id}\t${u.email}\t${u.assignments.map((a) => `${a.role}:${a.perimeterKind}:${a.perimeterCode}`).join(',')}`),
      };
    },
  },
};

export function usage(): string[] {
  return ['Usage : npm run cli -- <commande>', '', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(16)} ${c.help}`)];
}

export async function runCli(db: Kysely<Database>, argv: string[]): Promise<CliOutput> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) return { exitCode: 2, lines: usage() };
  return command.run(db, args);
}
