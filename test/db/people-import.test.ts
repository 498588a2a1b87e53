/**
 * Import of RSA beneficiary lists (issue 5 §11) against the database: a 1 000-row list with 10 bad rows
 * in both encodings and with both separators — the dry run lists exactly those 10 and writes nothing,
 * the import creates 990, the same file again creates none. Re-imports update people found by CAF/MSA
 * number, then by France Travail id; conflicts are skipped with their reason; the import is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoredImport } from '../../src/adapters/jobs/people-import-jobs.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { familyKey, nameKey } from '../../src/domains/pathway/entities/person-name.js';
import { IMPORT_BATCH_SIZE, importPeople, importReport, prepareImport, runPreparedImport, type ImportProgress } from '../../src/domains/pathway/use-cases/import-people.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { rsaList, utf8WithBom, windows1252 } from '../support/rsa-list.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const utf8 = (text: string) => new TextEncoder().encode(text);

describe.each(DATABASE_TARGETS)('import of RSA lists on $name', (target) => {
  let app: TestApp;
  let actor: Actor;
  let spaceId: number;

  const peopleCount = async () => Number((await app.deps.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).where('space_id', '=', spaceId).executeTakeFirstOrThrow()).n);
  const run = (bytes: Uint8Array, dryRun: boolean, mapping: Record<string, string> = {}) => importPeople(app.deps.db, { spaceId, actor, bytes, filename: 'liste.csv', mapping, dryRun, now: NOW });
  const person = (caf: string) => app.deps.db.selectFrom('person').selectAll().where('space_id', '=', spaceId).where('caf_number', '=', caf).executeTakeFirst();

  beforeAll(async () => {
    app = await startTestApp({ target, clock: () => NOW });
    actor = (await loadActor(app.deps.db, await userIdByEmail(app, 'thomas.girard@cd49.demo.test')))!;
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').where('departement_code', '=', '49').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => app?.stop());

  const variants = [
    { name: 'UTF-8 with BOM and « ; »', prefix: '11', separator: ';' as const, encode: utf8WithBom },
    { name: 'Windows-1252 and « , »', prefix: '12', separator: ',' as const, encode: windows1252 },
    { name: 'Windows-1252 and « ; »', prefix: '13', separator: ';' as const, encode: windows1252 },
    { name: 'UTF-8 without BOM and « , »', prefix: '14', separator: ',' as const, encode: utf8 },
  ];

  it.each(variants)('1 000 rows with 10 bad ones ($name): the dry run lists exactly those 10, the import creates 990, the same file again creates none', async ({ prefix, separator, encode }) => {
    const list = rsaList({ rows: 1000, bad: 10, prefix, separator });
    const bytes = encode(list.text);
    const before = await peopleCount();
    const imports = async () => (await app.deps.db.selectFrom('person_import').select('id').execute()).length;
    const importsBefore = await imports();

    const dry = await run(bytes, true);
    expect(dry.errors.map((e) => e.line)).toEqual(list.bad.map((b) => b.line));
    dry.errors.forEach((e, i) => expect(e.reason).toContain(list.bad[i]!.reason));
    expect(dry).toMatchObject({ total: 1000, created: 990, updated: 0 });
    expect(await peopleCount()).toBe(before);
    expect(await imports()).toBe(importsBefore);

    const first = await run(bytes, false);
    expect(first).toMatchObject({ total: 1000, created: 990, updated: 0 });
    expect(first.errors).toEqual(dry.errors);
    expect(await peopleCount()).toBe(before + 990);

    // Accents survive either encoding; keys are those the search uses (SPIE-1).
    const p = (await person(`${prefix}000001`))!;
    expect([p.given_name, p.family_name, p.birth_date, p.france_travail_id, p.phone, p.rsa_rights_opened_on]).toEqual(['Cœur 1', 'N’Diaye', '1961-02-02', null, '0611000001', '2025-02-15']);
    expect([p.name_key, p.family_key, p.created_by]).toEqual([nameKey('Cœur 1', 'N’Diaye'), familyKey('N’Diaye'), actor.userId]);
    expect((await person(`${prefix}000000`))!.france_travail_id).toBe(`FT${prefix}00000`);

    const again = await run(bytes, false);
    expect(again).toMatchObject({ total: 1000, created: 0, updated: 0 });
    expect(again.errors.map((e) => e.line)).toEqual(list.bad.map((b) => b.line));
    expect(await peopleCount()).toBe(before + 990);
  });

  it('keeps the import with its report and writes it to the audit trail', async () => {
    const list = rsaList({ rows: 30, bad: 2, prefix: '21' });
    const result = await run(utf8(list.text), false);
    const record = await app.deps.db.selectFrom('person_import').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(record).toMatchObject({ space_id: spaceId, created_by: actor.userId, status: 'done', total_rows: 30, done_rows: 30, created_count: 28, updated_count: 0, error_count: 2, filename: 'liste.csv' });
    expect(await importReport(app.deps.db, record.id)).toEqual(result.errors);
    const audit = await app.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.import').where('object_id', '=', String(record.id)).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: actor.userId, actor_label: 'Thomas Girard', object_type: 'person_import' });
    expect(audit.summary).toMatchObject({ spaceId, total: 30, created: 28, updated: 0, errors: 2 });
  });

  it('updates a known person instead of duplicating them: found by CAF/MSA number, else by France Travail id; an empty optional cell erases nothing', async () => {
    const header = 'Nom;Prénom;Naissance;CAF;France Travail;Courriel;Téléphone\n';
    await run(utf8(`${header}Martin;Paul;01/02/1980;3100001;FT310001;paul@exemple.fr;0611111111\nBlanc;Lise;1985-03-04;3100002;FT310002;;\n`), false);
    const before = await peopleCount();

    // Paul's e-mail changes, his phone cell is empty; Lise comes with a new CAF number and her France Travail id.
    const result = await run(utf8(`${header}MARTIN;Paul;01/02/1980;3100001;;paul.martin@exemple.fr;\nBlanc;Lise;04/03/1985;3109999;ft 310002;lise@exemple.fr;\n`), false);
    expect(result).toEqual({ total: 2, created: 0, updated: 2, errors: [] });
    expect(await peopleCount()).toBe(before);
    expect(await person('3100001')).toMatchObject({ family_name: 'MARTIN', email: 'paul.martin@exemple.fr', phone: '0611111111', france_travail_id: 'FT310001', updated_at: expect.any(Date) });
    expect(await person('3100002')).toBeUndefined();
    expect(await person('3109999')).toMatchObject({ given_name: 'Lise', france_travail_id: 'FT310002', email: 'lise@exemple.fr' });

    // Élodie of the demo (CAF 4923456) is updated, not created again, and keeps her account.
    const elodie = await person('4923456');
    const known = await run(utf8(`${header}Lefèvre-Martin;Élodie;12/04/1991;4923456;;;06 98 76 54 32\n`), false);
    expect(known).toEqual({ total: 1, created: 0, updated: 1, errors: [] });
    expect(await person('4923456')).toMatchObject({ id: elodie!.id, user_id: elodie!.user_id, phone: '0698765432' });
  });

  it('skips rows whose identifiers point at two different people, or at a person another row already took', async () => {
    const header = 'Nom;Prénom;Naissance;CAF;FT\n';
    await run(utf8(`${header}Un;Alpha;01/01/1970;3200001;FT320001\nDeux;Beta;01/01/1971;3200002;FT320002\nCinq;Epsilon;01/01/1975;3200005;FT320005\n`), false);
    const result = await run(utf8(`${header}Un;Alpha;01/01/1970;3200001;FT320005\nTrois;Gamma;01/01/1972;3200003;\nDeux;Beta;01/01/1971;3200002;\nQuatre;Delta;01/01/1973;3200004;FT320002\n`), true);
    expect(result.errors).toEqual([
      { line: 2, reason: expect.stringContaining('L’identifiant France Travail FT320005 est déjà celui d’une autre personne') },
      { line: 5, reason: 'Cette ligne désigne la même personne que la ligne 4 (même identifiant France Travail ou numéro CAF/MSA).' },
    ]);
    // Row 3 is a new person; row 4 is Beta as she is known (France Travail id kept).
    expect(result).toMatchObject({ total: 4, created: 1, updated: 0 });
  });

  it('refuses a file it cannot use, on the header line, writing nothing', async () => {
    const before = await peopleCount();
    expect(await run(utf8('Nom;Prénom;Naissance\nA;B;01/01/1980\n'), false)).toEqual({
      total: 0,
      created: 0,
      updated: 0,
      errors: [{ line: 1, reason: 'N° CAF/MSA : Choisissez la colonne qui contient le numéro d’allocataire CAF/MSA.' }],
    });
    expect((await run(utf8('Nom;Prénom;Naissance;CAF\nA;B;01/01/1980;1234567\n'), false, { cafNumber: 'Numéro' })).errors).toEqual([
      { line: 1, reason: 'N° CAF/MSA : La colonne « Numéro » n’existe pas dans le fichier.' },
    ]);
    expect((await run(utf8('Nom;Prénom\n"A;B\n'), true)).errors[0]!.reason).toContain('guillemet');
    expect(await peopleCount()).toBe(before);
  });

  it('writes batch after batch, each with its progress, in file order, up to the whole file', async () => {
    const list = rsaList({ rows: 2 * IMPORT_BATCH_SIZE + 500, bad: 4, prefix: '51' });
    const prepared = prepareImport(utf8(list.text), {}, NOW);
    if (!prepared.ok) throw new Error('fichier illisible');
    const seen: ImportProgress[] = [];
    const before = await peopleCount();
    const result = await runPreparedImport(app.deps.db, {
      spaceId,
      actorUserId: actor.userId,
      prepared,
      dryRun: false,
      now: NOW,
      onProgress: async (trx, progress) => {
        // Inside the batch's transaction: its people are there, those of later batches not yet.
        const n = Number((await trx.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).where('space_id', '=', spaceId).executeTakeFirstOrThrow()).n);
        expect(n - before).toBeGreaterThanOrEqual(progress.created);
        seen.push(progress);
      },
    });
    expect(result).toMatchObject({ total: 10_500, created: 10_496, updated: 0 });
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    expect(seen).toHaveLength(3);
    expect(seen.at(-1)).toEqual({ done: 10_500, total: 10_500, created: 10_496, updated: 0, errorCount: 4 });
    expect(seen[0]!.created).toBe(IMPORT_BATCH_SIZE);
    expect(await peopleCount()).toBe(before + 10_496);
  });

  it('runs a launched import in the background job: progress recorded, a failure marked and audited', async () => {
    const list = rsaList({ rows: 12_000, bad: 3, prefix: '41' });
    const storeList = async () => (await app.deps.db.insertInto('stored_file').values({ sha256: 'x', media_type: 'text/csv', size_bytes: list.text.length, content: Buffer.from(list.text), created_at: NOW }).returning('id').executeTakeFirstOrThrow()).id;
    const insert = async (status: string, mapping = '{}') =>
      app.deps.db.insertInto('person_import').values({ space_id: spaceId, created_by: actor.userId, created_at: NOW, file_id: await storeList(), filename: 'gros.csv', mapping, status, total_rows: 12_000 }).returning(['id', 'file_id']).executeTakeFirstOrThrow();

    const waiting = await insert('checked');
    expect(await runStoredImport(app.deps.db, waiting.id, NOW)).toBe('not-running');
    const running = await insert('running');
    expect(await runStoredImport(app.deps.db, running.id, NOW)).toBe('done');
    const done = await app.deps.db.selectFrom('person_import').selectAll().where('id', '=', running.id).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ status: 'done', total_rows: 12_000, done_rows: 12_000, created_count: 11_997, updated_count: 0, error_count: 3 });
    // SPIE-8: once imported, the raw list is not kept (only the records, which retention anonymises).
    expect(await app.deps.db.selectFrom('stored_file').select(['size_bytes']).where('id', '=', running.file_id).executeTakeFirstOrThrow()).toEqual({ size_bytes: 0 });

    const broken = await insert('running', JSON.stringify({ cafNumber: 'Absente' }));
    expect(await runStoredImport(app.deps.db, broken.id, NOW)).toBe('failed');
    expect(await app.deps.db.selectFrom('person_import').select('status').where('id', '=', broken.id).executeTakeFirstOrThrow()).toEqual({ status: 'failed' });
    const audit = await app.deps.db.selectFrom('audit_log').select('summary').where('action', '=', 'person.import.failed').where('object_id', '=', String(broken.id)).executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.summary)).toContain('Absente');
  });
});
