/**
 * Over HTTP (issue 5 §11): the coordinator of the département uploads a 1 000-row RSA list with 10 bad
 * rows (Windows-1252, « , »), maps the columns, sees exactly those 10 rows in the dry run, imports in
 * the background (990 created), then imports the same file again (none created). Professionals of the
 * space are denied; a bad file or a bad mapping is refused with its reason and saves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { importPeople } from '../../src/domains/pathway/use-cases/import-people.js';
import { windowsExecutable } from '../support/files.js';
import { HttpSession } from '../support/http.js';
import { rsaList, windows1252 } from '../support/rsa-list.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe('import of RSA lists, over HTTP', () => {
  let app: TestApp;
  let spaceId: number;
  let base: string;
  const thomas = () => s.thomas!;
  const s: Record<string, HttpSession> = {};
  const list = rsaList({ rows: 1000, bad: 10, prefix: '77', separator: ',' });
  const bytes = windows1252(list.text);

  const peopleCount = async () => Number((await app.deps.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).where('space_id', '=', spaceId).executeTakeFirstOrThrow()).n);
  const importsCount = async () => (await app.deps.db.selectFrom('person_import').select('id').execute()).length;

  async function upload(who: HttpSession, file: Uint8Array, name: string, token?: string) {
    const form = new FormData();
    form.set('_csrf', token ?? (await who.csrfToken(base)));
    form.append('fichier', new Blob([new Uint8Array(file)]), name);
    return who.request(base, { method: 'POST', body: form });
  }

  /** Lines listed in the table of skipped rows. */
  function listedLines(html: string): number[] {
    const table = /<caption>Lignes ignorées et motifs<\/caption>([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    return [...table.matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
  }

  async function waitUntilDone(path: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 150; i++) {
      const state = (await (await thomas().get(`${path}/etat`)).json()) as Record<string, unknown>;
      if (state.state !== 'running') return state;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('import non terminé');
  }

  /** Upload → columns as guessed → dry run page; returns the import's path and the dry run's HTML. */
  async function uploadAndCheck(): Promise<{ path: string; dryRun: string }> {
    const uploaded = await upload(thomas(), bytes, 'allocataires-rsa.csv');
    expect(uploaded.status).toBe(303);
    const columns = uploaded.headers.get('location')!;
    expect(columns).toMatch(/^\/spie\/\d+\/imports\/\d+\/colonnes$/);
    const path = columns.replace(/\/colonnes$/, '');
    const page = await (await thomas().get(columns)).text();
    const chosen = Object.fromEntries([...page.matchAll(/<select[^>]*name="(\w+)"[\s\S]*?<\/select>/g)].map((m) => [m[1]!, /<option value="([^"]*)" selected>/.exec(m[0])?.[1] ?? '']));
    const mapped = await thomas().postForm(columns, chosen, columns);
    expect(mapped.status).toBe(303);
    expect(mapped.headers.get('location')).toBe(`${path}/verification`);
    const dryRun = await thomas().get(`${path}/verification`);
    expect(dryRun.status).toBe(200);
    return { path, dryRun: await dryRun.text() };
  }

  beforeAll(async () => {
    app = await startTestApp({ jobs: true });
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').where('departement_code', '=', '49').executeTakeFirstOrThrow()).id;
    base = `/spie/${spaceId}/imports`;
    for (const [who, email] of Object.entries({ thomas: 'thomas.girard@cd49.demo.test', julie: 'julie.perrin@missionlocale49.demo.test' })) {
      s[who] = new HttpSession(app.baseUrl);
      expect((await s[who]!.signInAsId(await userIdByEmail(app, email))).status).toBe(302);
    }
  });
  afterAll(() => app?.stop());

  it('is the coordinator’s: a professional of the space is denied the page and the upload', async () => {
    expect((await s.julie!.get(base)).status).toBe(404);
    const denied = await upload(s.julie!, bytes, 'liste.csv', await s.julie!.csrfToken('/tableau-de-bord'));
    expect(denied.status).toBe(404);
    expect(await importsCount()).toBe(0);
    const page = await (await thomas().get(base)).text();
    expect(page).toContain('Importer une liste d’allocataires du RSA');
    expect(page).toContain('Aucun import pour l’instant');
  });

  it('refuses a file that is not a CSV list, with the reason next to the field, keeping nothing', async () => {
    const refused = await upload(thomas(), windowsExecutable(), 'liste.csv');
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/id="fichier-erreur"[^>]*>Ce fichier n’est pas un fichier texte CSV/);
    const empty = await upload(thomas(), new Uint8Array(), 'vide.csv');
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Choisissez le fichier CSV de la liste.');
    const noToken = await upload(thomas(), bytes, 'liste.csv', 'jeton-faux');
    expect(noToken.status).toBe(403);
    expect(await importsCount()).toBe(0);
  });

  it('1 000 rows with 10 bad ones: columns guessed, a wrong choice refused, the dry run lists exactly those 10, the import creates 990, the same file again none', async () => {
    const before = await peopleCount();
    const uploaded = await upload(thomas(), bytes, 'allocataires-rsa.csv');
    const columns = uploaded.headers.get('location')!;
    const page = await (await thomas().get(columns)).text();
    expect(page).toContain(`${(1000).toLocaleString('fr-FR')} lignes après l’en-tête, 9 colonnes, encodage Windows (Windows-1252), séparateur virgule.`);
    expect(page).toMatch(/name="familyName"[\s\S]*?<option value="NOM" selected>/);
    expect(page).toMatch(/name="cafNumber"[\s\S]*?<option value="N° CAF\/MSA" selected>/);
    expect(page).toMatch(/name="rsaRightsOpenedOn"[\s\S]*?<option value="Date d’ouverture des droits RSA" selected>/);
    // Quoted cells holding the separator and quotes are read whole.
    expect(page).toContain('<td>Angers, quartier &#34;Monplaisir&#34;</td>');

    // A wrong choice: 422, the choices kept, the reasons next to their fields, nothing saved.
    const wrong = await thomas().postForm(columns, { familyName: '', givenName: 'NOM', birthDate: 'Date de naissance', cafNumber: 'NOM' }, columns);
    expect(wrong.status).toBe(422);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toMatch(/id="colonne-familyName-erreur"[^>]*>Choisissez la colonne qui contient le nom\./);
    expect(wrongHtml).toMatch(/id="colonne-cafNumber-erreur"[^>]*>La colonne « NOM » est déjà choisie pour « Prénom »\./);
    expect(wrongHtml).toMatch(/name="givenName"[\s\S]*?<option value="NOM" selected>/);
    const stored = await app.deps.db.selectFrom('person_import').select(['status', 'mapping']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(stored.status).toBe('uploaded');
    expect(stored.mapping).toMatchObject({ familyName: 'NOM', givenName: 'Prénom' });
    // Launching before the columns are chosen goes back to them.
    const early = await thomas().postForm(columns.replace('/colonnes', '/lancer'), {}, columns);
    expect(early.headers.get('location')).toBe(columns);

    const { path, dryRun } = await uploadAndCheck();
    expect(listedLines(dryRun)).toEqual(list.bad.map((b) => b.line));
    expect(dryRun).toContain('990 personnes seraient créées');
    expect(dryRun).toContain('10 lignes ne peuvent pas être importées');
    expect(dryRun).toContain('Date de naissance invalide (« 31/02/1990 »)');
    expect(dryRun).toContain('Numéro CAF/MSA 77000000 déjà présent ligne 2 du fichier.');
    expect(dryRun).toContain('Importer 990 lignes valides');
    expect(await peopleCount()).toBe(before);

    const launched = await thomas().postForm(`${path}/lancer`, {}, `${path}/verification`);
    expect(launched.status).toBe(303);
    expect(launched.headers.get('location')).toBe(path);
    expect((await thomas().postForm(`${path}/lancer`, {}, path)).status).toBe(409);
    expect(await waitUntilDone(path)).toEqual({ state: 'done', done: 1000, total: 1000, created: 990, updated: 0, errors: 10 });
    const done = await (await thomas().get(path)).text();
    expect(done).toContain('L’import est terminé');
    expect(done).toContain('990 personnes créées');
    expect(listedLines(done)).toEqual(list.bad.map((b) => b.line));
    expect(await peopleCount()).toBe(before + 990);
    // Once run, its columns cannot change any more.
    expect((await thomas().get(`${path}/colonnes`)).headers.get('location')).toBe(path);

    const second = await uploadAndCheck();
    expect(second.dryRun).toContain('0 personne serait créée');
    expect(second.dryRun).toContain('990 personnes déjà connues sont déjà à jour');
    expect(listedLines(second.dryRun)).toEqual(list.bad.map((b) => b.line));
    await thomas().postForm(`${second.path}/lancer`, {}, `${second.path}/verification`);
    expect(await waitUntilDone(second.path)).toMatchObject({ state: 'done', created: 0, updated: 0, errors: 10 });
    expect(await peopleCount()).toBe(before + 990);

    const listPage = await (await thomas().get(base)).text();
    expect(listPage.match(/allocataires-rsa\.csv/g)).toHaveLength(3);
    expect(listPage).toContain('terminé');
    const audits = await app.deps.db.selectFrom('audit_log').select('summary').where('action', '=', 'person.import').execute();
    expect(audits.map((a) => (a.summary as { created: number }).created)).toEqual([990, 0]);
  });

  it('an import stopped by a failure can be launched again: what was written is found, not duplicated', async () => {
    const small = rsaList({ rows: 40, bad: 2, prefix: '78' });
    const form = new FormData();
    form.set('_csrf', await thomas().csrfToken(base));
    form.append('fichier', new Blob([new TextEncoder().encode(small.text)]), 'petite.csv');
    const columns = (await thomas().request(base, { method: 'POST', body: form })).headers.get('location')!;
    const path = columns.replace(/\/colonnes$/, '');
    const importId = Number(path.split('/').at(-1));
    expect((await thomas().postForm(columns, { familyName: 'NOM', givenName: 'Prénom', birthDate: 'Date de naissance', cafNumber: 'N° CAF/MSA' }, columns)).status).toBe(303);
    // As if the worker had died after its first rows: 10 people written, the import marked failed.
    const actor = (await loadActor(app.deps.db, await userIdByEmail(app, 'thomas.girard@cd49.demo.test')))!;
    const firstRows = `${small.text.split('\r\n').slice(0, 11).join('\r\n')}\r\n`;
    const partial = await importPeople(app.deps.db, { spaceId, actor, bytes: new TextEncoder().encode(firstRows), filename: 'debut.csv', mapping: {}, dryRun: false, now: new Date() });
    expect(partial).toEqual({ total: 10, created: 10, updated: 0, errors: [] });
    await app.deps.db.updateTable('person_import').set({ status: 'failed', done_rows: 10 }).where('id', '=', importId).execute();
    const failed = await (await thomas().get(path)).text();
    expect(failed).toContain('L’import s’est arrêté avant la fin');
    expect(failed).toContain('Relancer l’import');
    expect((await thomas().get(`${path}/verification`)).headers.get('location')).toBe(path);
    const relaunched = await thomas().postForm(`${path}/lancer`, {}, path);
    expect(relaunched.headers.get('location')).toBe(path);
    expect(await waitUntilDone(path)).toMatchObject({ state: 'done', total: 40, created: 28, updated: 0, errors: 2 });
    const done = await (await thomas().get(path)).text();
    expect(done).toContain('28 personnes créées');
    expect(done).toContain('10 personnes déjà à jour');
  });

  it('serves the progress script from this origin', async () => {
    const script = await thomas().get('/scripts/suivi-import.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('data-import-etat');
  });
});
