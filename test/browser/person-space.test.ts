/**
 * The person's own access in Chromium (issue 5 §9, SPIE-6), by real clicks and keys:
 * 1. Élodie Lefèvre-Martin (demo sign-in) sees the pathway Julie Perrin opened for her, in plain French:
 *    referent, situation, plan with an immersion, contract, next appointment; adds an objective (an
 *    empty one refused first, the errors next to the fields) and a comment; sees that Julie Perrin of
 *    the Mission locale angevine consulted her record.
 * 2. Julie sends her a one-time link; opened in another browser, it leads to « Mon parcours ».
 * 3. FranceConnect against a real OpenID provider: the person's identity is bound to her record by
 *    e-mail and birth date, and she lands on « Mon parcours ».
 * On every page: title « … — SPIE », no axe violation (errors shown included), screenshots.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error -- oidc-provider ships no type declarations; the little used here is typed below.
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RunningApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { logPersonAccess } from '../../src/domains/pathway/adapters/access-log.js';
import { assignReferent, openPathway } from '../../src/domains/pathway/adapters/pathways.js';
import { addAction, addContract, recordDiagnosis, scheduleAppointment } from '../../src/domains/pathway/adapters/record.js';
import { FRENCH_CONTEXT, axeViolations, browserAvailable, launchBrowser, screenshot, signInWithDemo } from '../support/browser.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import { startTestApp, testConfig, userIdByEmail, type TestApp } from '../support/test-app.js';

const ELODIE_EMAIL = 'elodie.lefevre-martin@personne.demo.test';
const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** Opens Élodie's pathway as Julie Perrin, with a diagnosis, a referent, a plan and an appointment; Julie's read is logged. */
async function elodiePathway(app: RunningApp): Promise<{ pathwayId: number; julie: Actor }> {
  const db = app.deps.db;
  const julie = (await loadActor(db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
  const person = await db.selectFrom('person').select(['id', 'space_id']).where('email', '=', ELODIE_EMAIL).executeTakeFirstOrThrow();
  const now = app.deps.clock();
  const day = (days: number, hour = 9) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour));
  const opened = await openPathway(db, { spaceId: person.space_id, personId: person.id, actor: julie, now: day(-10) });
  if (!opened.ok) throw new Error(opened.message);
  const pathwayId = opened.pathwayId;
  await assignReferent(db, { pathwayId, userId: julie.userId, actor: julie, now: day(-10) });
  await recordDiagnosis(db, {
    pathwayId,
    entries: [
      { area: 'employment', situation: 'A travaillé trois ans dans la vente ; sans emploi depuis un an.', needs: 'Reprendre confiance et cibler les employeurs' },
      { area: 'mobility', situation: 'Pas de permis ; habite à 12 km d’Angers.', needs: '' },
    ],
    actor: julie,
    now: day(-9),
  });
  await addAction(db, {
    pathwayId,
    objectiveId: null,
    action: { kind: 'immersion', label: 'Découvrir le métier de vendeuse en boulangerie', companySiret: '41816609600069', companyName: 'Boulangerie Martin', startsOn: day(5).toISOString().slice(0, 10), endsOn: day(9).toISOString().slice(0, 10), serviceId: null },
    actor: julie,
    now: day(-9),
  });
  await addContract(db, { pathwayId, kind: 'cer', startsOn: day(-8).toISOString().slice(0, 10), endsOn: day(175).toISOString().slice(0, 10), actor: julie, now: day(-8) });
  await scheduleAppointment(db, { pathwayId, startsAt: day(3, 13), place: 'Mission locale, 12 place Imbach, Angers', subject: 'Préparer l’immersion', professionalUserId: julie.userId, inviteEmail: true, inviteSms: false, actor: julie, now: day(-8) });
  await logPersonAccess(db, { personIds: [person.id], pathwayId, actor: julie, action: 'pathway.read', now: day(-8) });
  return { pathwayId, julie };
}

interface ProviderInstance {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

/** A real OpenID provider shaped like FranceConnect: identity scopes, PKCE, a confidential client. */
async function startFranceConnectLike(publicUrl: string, account: { login: string; email: string; birthdate: string }) {
  let handler: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const server = http.createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new (Provider as new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance)(issuer, {
    clients: [{ client_id: 'spie-fc-test', client_secret: clientSecret, grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [`${publicUrl}/connexion/franceconnect/callback`], post_logout_redirect_uris: [`${publicUrl}/`] }],
    pkce: { required: () => true },
    scopes: ['openid', 'given_name', 'family_name', 'birthdate', 'email'],
    claims: { openid: ['sub'], given_name: ['given_name'], family_name: ['family_name'], birthdate: ['birthdate'], email: ['email', 'email_verified'] },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'fc-test' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx: unknown, id: string) {
      if (id !== account.login) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, given_name: 'Élodie', family_name: 'LEFÈVRE-MARTIN', birthdate: account.birthdate, email: account.email, email_verified: true }) };
    },
  });
  handler = provider.callback();
  return {
    issuer,
    clientSecret,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An app whose FranceConnect is a real OpenID provider on 127.0.0.1, with Élodie's pathway opened. */
async function startFranceConnectApp() {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const provider = await startFranceConnectLike(publicUrl, { login: 'fc-elodie', email: ELODIE_EMAIL, birthdate: '1991-04-12' });
  const database = await DATABASE_TARGETS[0]!.open();
  // TODO(lead): once config.ts reads FRANCECONNECT_*, these settings come from the environment like OIDC_*.
  const config = { ...testConfig({ PUBLIC_URL: publicUrl }), franceConnect: { issuer: provider.issuer, clientId: 'spie-fc-test', clientSecret: provider.clientSecret, scopes: 'openid given_name family_name birthdate email' } } as Config;
  const running = await createApp(config, { database, jobs: false, withCommunes: false, logger: false });
  await running.app.listen({ port, host: '127.0.0.1' });
  // Her record is known, her account not yet bound: FranceConnect binds it by e-mail and birth date.
  await elodiePathway(running);
  return {
    app: { ...running, baseUrl: publicUrl },
    provider,
    async stop() {
      await running.close();
      await database.dispose();
      await provider.stop();
    },
  };
}

describe.skipIf(!browserAvailable)('the person’s own access, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let pathwayId: number;
  let fc: Awaited<ReturnType<typeof startFranceConnectApp>>;

  async function withPage<T>(run: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext(FRENCH_CONTEXT);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      // A form sent back with its errors is answered 422 on purpose, an expired link 410; Chromium logs them.
      // Only SPIE's pages are judged: the test OpenID provider's own pages fetch fonts from the Internet.
      const ours = [app.baseUrl, fc.app.baseUrl].some((base) => m.location().url.startsWith(base));
      if (ours && m.type() === 'error' && !/status of 4(22|10)/.test(m.text())) consoleErrors.push(m.text());
    });
    try {
      const result = await run(page);
      expect(consoleErrors).toEqual([]);
      return result;
    } finally {
      await context.close();
    }
  }

  async function accessible(page: Page, what: string): Promise<void> {
    expect(await page.title(), what).toMatch(/ — SPIE$/);
    expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
  }

  beforeAll(async () => {
    [app, browser, fc] = await Promise.all([startTestApp(), launchBrowser(), startFranceConnectApp()]);
    ({ pathwayId } = await elodiePathway(app));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fc?.stop();
  });

  it('Élodie sees her pathway, adds an objective and a comment, and sees who consulted her record', async () => {
    await withPage(async (page) => {
      await signInWithDemo(page, app.baseUrl, 'Élodie Lefèvre-Martin');
      await page.goto(`${app.baseUrl}/mon-parcours`);
      const main = page.locator('main');
      expect(spaces(await main.innerText())).toContain('Votre référent : Julie Perrin');
      expect(spaces(await main.innerText())).toContain('Votre situation : A travaillé trois ans dans la vente');
      expect(spaces(await main.innerText())).toContain('Découvrir le métier de vendeuse en boulangerie (immersion chez Boulangerie Martin)');
      expect(spaces(await main.innerText())).toContain('Préparer l’immersion');
      const access = page.getByRole('table', { name: 'Consultations de votre dossier par les professionnels' });
      await expect.poll(() => access.locator('tbody tr').count()).toBe(1);
      expect(spaces(await access.locator('tbody tr').innerText())).toMatch(/Julie Perrin Mission locale angevine a consulté le parcours$/);
      await accessible(page, 'Mon parcours');
      await screenshot(page, 'mon-parcours');

      // An objective without its domain nor text is refused, with the errors next to the fields.
      await page.getByRole('button', { name: 'Ajouter un objectif' }).click();
      await page.waitForURL(`${app.baseUrl}/mon-parcours/objectifs`);
      expect(await page.locator('#objectif-domaine-erreur').innerText()).toBe('Choisissez le domaine de votre objectif.');
      expect(await page.locator('#objectif-texte-erreur').innerText()).toBe('Écrivez votre objectif.');
      await accessible(page, 'Mon parcours, objectif refusé');
      await screenshot(page, 'mon-parcours-erreur');

      await page.getByLabel('Domaine de l’objectif').selectOption({ label: 'Mobilité' });
      await page.getByLabel('Votre objectif').fill('Passer le permis de conduire');
      await page.getByLabel('Votre objectif').press('Enter');
      await page.waitForURL(/\/mon-parcours\?ok=objectif/);
      expect(await page.getByRole('status').innerText()).toContain('Votre objectif a été ajouté');
      expect(spaces(await page.locator('#objectifs-titre + ul').textContent())).toContain('Mobilité : Passer le permis de conduire ajouté par vous');

      await page.getByLabel('Votre commentaire').fill('Je peux venir le matin seulement, à cause de l’école des enfants.');
      await page.getByRole('button', { name: 'Ajouter un commentaire' }).click();
      await page.waitForURL(/\/mon-parcours\?ok=commentaire/);
      const timeline = page.locator('section[aria-labelledby="historique-titre"] li').first();
      expect(spaces(await timeline.innerText())).toMatch(/^Commentaire de la personne — .*, par Élodie Lefèvre-Martin Je peux venir le matin seulement/);
      await accessible(page, 'Mon parcours, commentaire ajouté');
      await screenshot(page, 'mon-parcours-commentaire');

      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Télécharger mes données (PDF)' }).click();
      expect((await download).suggestedFilename()).toMatch(/^donnees-personnelles-\d+\.pdf$/);
    });
  });

  it('Julie sends Élodie a one-time link, which opens « Mon parcours » in another browser', async () => {
    await withPage(async (page) => {
      await signInWithDemo(page, app.baseUrl, 'Julie Perrin');
      await page.goto(`${app.baseUrl}/parcours/${pathwayId}/lien-de-connexion`);
      await accessible(page, 'Envoyer un lien de connexion');
      await page.getByLabel(/^Par courriel/).check();
      await page.getByRole('button', { name: 'Envoyer le lien' }).click();
      await page.waitForURL(/\?ok=envoye/);
      expect(await page.getByRole('status').innerText()).toContain('Le lien a été envoyé');
      await screenshot(page, 'lien-de-connexion-envoye');
    });
    const mail = await app.deps.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', ELODIE_EMAIL).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const url = `${app.baseUrl}${/\/mon-parcours\/lien\/\S+/.exec(mail.text_body)![0]}`;
    await withPage(async (page) => {
      await page.goto(url);
      await accessible(page, 'Lien de connexion');
      await screenshot(page, 'lien-de-connexion');
      await page.getByRole('button', { name: 'Accéder à mon parcours' }).click();
      await page.waitForURL(`${app.baseUrl}/mon-parcours`);
      expect(await page.locator('h1').innerText()).toBe('Mon parcours');
      // Once only.
      await page.goto(url);
      expect(spaces(await page.locator('main').innerText())).toContain('Ce lien a déjà servi');
      await accessible(page, 'Lien déjà utilisé');
    });
  });

  it('FranceConnect: the identity is bound to the person’s record by e-mail and birth date, and opens « Mon parcours »', async () => {
    const { provider } = fc;
    await withPage(async (page) => {
      await page.goto(`${fc.app.baseUrl}/mon-parcours/connexion`);
      await accessible(page, 'Accéder à mon parcours');
      await screenshot(page, 'mon-parcours-connexion');
      await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).click();
      await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/interaction/`));
      await page.locator('input[name="login"]').fill('fc-elodie');
      await page.locator('input[name="password"]').fill('mot-de-passe-quelconque');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${fc.app.baseUrl}/mon-parcours`);
      expect(await page.locator('h1').innerText()).toBe('Mon parcours');
    });
    const elodieId = await userIdByEmail(fc.app, ELODIE_EMAIL);
    const user = await fc.app.deps.db.selectFrom('app_user').select('oidc_subject').where('id', '=', elodieId).executeTakeFirstOrThrow();
    expect(user.oidc_subject).toBe('franceconnect:fc-elodie');
    const audit = await fc.app.deps.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', elodieId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.oidcBound', 'session.signIn']);
  });
});
