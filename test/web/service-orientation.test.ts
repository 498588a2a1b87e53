/**
 * Issue 6 §5 over HTTP: a member of the pathway orients the person to a service (consent required,
 * input kept and nothing saved on error), chosen from the service page among their open pathways; a
 * professional outside the pathway is denied; the structure answers through the link without an
 * account, seeing only the first name and initial; the answer is on the pathway's timeline; an
 * expired link answers 410 and the orientation becomes « expirée ».
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSession } from '../support/http.js';
import { openElodiePathway } from '../support/elodie.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const ELODIE_EMAIL = 'elodie.lefevre-martin@personne.demo.test';

describe('orientation to a service, over HTTP', () => {
  let app: TestApp;
  let now = new Date('2026-04-01T08:00:00Z');
  let spaceId: number;
  let pathwayId: number;
  const julie = () => s.julie;
  const s: Record<'julie' | 'lucas', HttpSession> = {} as never;
  const db = () => app.deps.db;
  const lastMail = () => db().selectFrom('mail_outbox').select(['to_address', 'subject', 'text_body']).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const linkIn = (text: string) => /\/orientation-service\/[A-Za-z0-9_-]+/.exec(text)![0];
  const orientUrl = (service: string) => `/parcours/${pathwayId}/orienter-vers/${service}`;

  beforeAll(async () => {
    app = await startTestApp({ clock: () => now });
    ({ spaceId, pathwayId } = await openElodiePathway(app, new Date('2026-03-20T09:00:00Z')));
    const base = { space_id: spaceId, source: 'import', date_maj: '2026-01-10', created_at: now, updated_at: now };
    await db().insertInto('catalogue_structure').values({ ...base, id: 'st-1', nom: 'Association Tremplin', courriel: 'accueil@tremplin.test' }).execute();
    const service = { ...base, structure_id: 'st-1', status: 'published', description: 'Ateliers pour préparer un entretien.', reviewed_at: now };
    await db().insertInto('catalogue_service').values([
      { ...service, id: 'svc-atelier', nom: 'Atelier entretien d’embauche', courriel: 'atelier@tremplin.test' },
      { ...service, id: 'svc-garage', nom: 'Garage solidaire', courriel: null },
    ]).execute();
    for (const [who, email] of [['julie', 'julie.perrin@missionlocale49.demo.test'], ['lucas', 'lucas.bernard@francetravail49.demo.test']] as const) {
      s[who] = new HttpSession(app.baseUrl);
      expect((await s[who].signInAsId(await userIdByEmail(app, email))).status).toBe(302);
    }
  });
  afterAll(() => app.stop());

  it('lets a member choose among their open pathways from the service page', async () => {
    const page = await julie().get(`/spie/${spaceId}/services/svc-atelier/orienter`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`Élodie Lefèvre-Martin (parcours n° ${pathwayId})`);
    const chosen = await julie().get(`/spie/${spaceId}/services/svc-atelier/orienter?parcours=${pathwayId}`);
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get('location')).toBe(orientUrl('svc-atelier'));
    expect((await julie().get(`/spie/${spaceId}/services/svc-atelier/orienter?parcours=`)).status).toBe(422);
    const lucasPage = await (await s.lucas.get(`/spie/${spaceId}/services/svc-atelier/orienter`)).text();
    expect(lucasPage).toContain('Aucun parcours ouvert');
    expect(lucasPage).not.toContain('Lefèvre-Martin');
  });

  it('denies a professional who is not a member of the pathway, and saves nothing', async () => {
    expect((await s.lucas.get(orientUrl('svc-atelier'))).status).toBe(404);
    const post = await s.lucas.postForm(orientUrl('svc-atelier'), { consent: 'oui', message: 'Intrusion' }, `/spie/${spaceId}/services`);
    expect(post.status).toBe(404);
    expect(await db().selectFrom('service_orientation').select('id').execute()).toEqual([]);
  });

  it('requires the consent, keeps the message and saves nothing; then records it and mails the service', async () => {
    const bad = await julie().postForm(orientUrl('svc-atelier'), { message: 'Élodie souhaite préparer ses entretiens <b>vente</b>.' }, orientUrl('svc-atelier'));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('La personne a donné son accord');
    expect(html).toContain('l’orientation n’est possible qu’avec l’accord de la personne');
    expect(html).toContain('Élodie souhaite préparer ses entretiens &lt;b>vente&lt;/b>.');
    expect(await db().selectFrom('service_orientation').select('id').execute()).toEqual([]);
    const ok = await julie().postForm(orientUrl('svc-atelier'), { consent: 'oui', message: 'Élodie souhaite préparer ses entretiens.' }, orientUrl('svc-atelier'));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/parcours/${pathwayId}?ok=service-oriente#historique`);
    expect(await lastMail()).toMatchObject({ to_address: 'atelier@tremplin.test', subject: 'Orientation d’une personne vers « Atelier entretien d’embauche »' });
    // A structure outside the space's organisations has no account: the mail offers the link only.
    expect((await lastMail()).text_body).not.toContain('mes-services');
    expect(await (await julie().get(`/parcours/${pathwayId}`)).text()).toContain('Orientation vers un service');
  });

  it('lets the structure answer through the link without an account, seeing only what it needs', async () => {
    const link = linkIn((await lastMail()).text_body);
    const visitor = new HttpSession(app.baseUrl);
    const page = await visitor.get(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Élodie L.');
    expect(html).not.toContain('Lefèvre-Martin');
    expect(html).not.toContain(ELODIE_EMAIL);
    expect(html).toContain('Élodie souhaite préparer ses entretiens.');
    expect(html).toContain('julie.perrin@missionlocale49.demo.test');
    const refused = await visitor.postForm(link, { decision: 'refused', reason: '' }, link);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Indiquez le motif du refus');
    expect((await db().selectFrom('service_orientation').select('status').executeTakeFirstOrThrow()).status).toBe('pending');
    const csrf = await visitor.csrfToken(link);
    const accepted = await visitor.postForm(link, { decision: 'accepted', reason: '', _csrf: csrf });
    expect(accepted.status).toBe(303);
    expect(await (await visitor.get(accepted.headers.get('location')!)).text()).toContain('Votre réponse est enregistrée : orientation acceptée');
    expect((await visitor.postForm(link, { decision: 'refused', reason: 'Trop tard', _csrf: csrf })).status).toBe(409);
    const timeline = await (await julie().get(`/parcours/${pathwayId}`)).text();
    expect(timeline).toContain('Réponse du service');
    expect(timeline).toContain('Atelier entretien d’embauche : orientation acceptée');
    expect((await visitor.get('/orientation-service/pas-un-vrai-jeton-du-tout-0000')).status).toBe(404);
  });

  it('answers 410 once the link has expired, and the orientation becomes « expirée »', async () => {
    const ok = await julie().postForm(orientUrl('svc-garage'), { consent: 'oui', message: 'Besoin d’une voiture pour un emploi à Trélazé.' }, orientUrl('svc-garage'));
    expect(ok.status).toBe(303);
    const mail = await lastMail();
    expect(mail.to_address).toBe('accueil@tremplin.test');
    now = new Date('2026-05-02T08:00:00Z');
    const page = await new HttpSession(app.baseUrl).get(linkIn(mail.text_body));
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Ce lien a expiré');
    expect(await db().selectFrom('service_orientation').select(['service_id', 'status']).orderBy('id').execute()).toEqual([
      { service_id: 'svc-atelier', status: 'accepted' },
      { service_id: 'svc-garage', status: 'expired' },
    ]);
    s.julie = new HttpSession(app.baseUrl); // the earlier session has timed out a month later
    expect((await s.julie.signInAsId(await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test'))).status).toBe(302);
    expect(await (await julie().get(`/parcours/${pathwayId}`)).text()).toContain('Garage solidaire : orientation expirée sans réponse après 30 jours');
  });
});
