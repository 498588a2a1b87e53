/** Admin commands (`npm run cli -- <command>`), written to be called from tests too. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../adapters/db/schema.js';
import { verifyAuditTrail } from '../domains/audit/adapters/audit-trail.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../domains/identity/adapters/api-tokens.js';
import { listUsersWithRoles } from '../domains/identity/adapters/users.js';
import { loadCommuneCentres } from '../domains/territory/adapters/commune-centres.js';

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
  'token:create': {
    help: '<courriel> [libellé] crée un jeton d’API pour cet utilisateur (affiché une seule fois)',
    async run(db, args) {
      const [email, ...labelWords] = args;
      if (!email) return { exitCode: 2, lines: ['Usage : npm run cli -- token:create <courriel> [libellé]'] };
      const created = await createApiToken(db, { email, label: labelWords.join(' '), now: new Date() });
      if (!created.ok) return { exitCode: 1, lines: [created.message] };
      return {
        exitCode: 0,
        lines: [
          `Jeton d’API n° ${created.id} créé pour ${created.user.name} (${created.user.email}) ; il a exactement ses droits :`,
          created.token,
          'Copiez-le maintenant : il ne sera plus jamais affiché (seule son empreinte SHA-256 est enregistrée).',
          'Utilisation : en-tête « Authorization: Bearer <jeton> » sur /api/v1/…',
        ],
      };
    },
  },
  'token:list': {
    help: 'liste les jetons d’API (numéro, utilisateur, libellé, création, dernier usage, révocation)',
    async run(db) {
      const day = (d: Date | null) => (d ? d.toISOString() : '-');
      const tokens = await listApiTokens(db);
      return { exitCode: 0, lines: tokens.map((t) => `${t.id}\t${t.email}\t${t.label}\t${day(t.created_at)}\t${day(t.last_used_at)}\t${t.revoked_at ? `révoqué ${day(t.revoked_at)}` : 'actif'}`) };
    },
  },
  'token:revoke': {
    help: '<numéro> révoque un jeton d’API',
    async run(db, args) {
      const id = /^\d{1,15}$/.test(args[0] ?? '') ? Number(args[0]) : NaN;
      if (!(await revokeApiToken(db, id, new Date()))) return { exitCode: 1, lines: [`Aucun jeton actif n° ${args[0] ?? '?'}.`] };
      return { exitCode: 0, lines: [`Jeton d’API n° ${id} révoqué.`] };
    },
  },
  'communes:coordonnees': {
    help: '<fichier.csv> charge les centres des communes (code INSEE, latitude, longitude) pour la recherche par distance',
    async run(db, args) {
      const file = args[0];
      if (!file) return { exitCode: 2, lines: ['Usage : npm run cli -- communes:coordonnees <fichier.csv> (colonnes : code INSEE, latitude, longitude en degrés décimaux)'] };
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch {
        return { exitCode: 1, lines: [`Fichier illisible : ${file}`] };
      }
      const result = await loadCommuneCentres(db, bytes, path.basename(file), new Date());
      if (!result.ok) return { exitCode: 1, lines: [result.reason] };
      const shown = result.rejected.slice(0, 20).map((r) => `  ligne ${r.line} : ${r.reason}`);
      const more = result.rejected.length > 20 ? [`  … et ${result.rejected.length - 20} autres lignes écartées`] : [];
      const loaded = result.loaded === 1 ? '1 commune a' : `${result.loaded} communes ont`;
      const rejected = result.rejected.length === 1 ? '1 ligne écartée :' : `${result.rejected.length} lignes écartées :`;
      return { exitCode: 0, lines: [`${loaded} désormais un centre (source : ${path.basename(file)}).`, ...(result.rejected.length ? [rejected, ...shown, ...more] : [])] };
    },
  },
};

export function usage(): string[] {
  return ['Usage : npm run cli -- <commande>', '', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(21)} ${c.help}`)];
}

export async function runCli(db: Kysely<Database>, argv: string[]): Promise<CliOutput> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) return { exitCode: 2, lines: usage() };
  return command.run(db, args);
}
