/** The demo's Élodie Lefèvre-Martin gets her pathway opened by Julie Perrin (Mission locale angevine): the start of the orientation and plan tests. */
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { openPathway } from '../../src/domains/pathway/adapters/pathways.js';
import { userIdByEmail, type TestApp } from './test-app.js';

export const ELODIE_EMAIL = 'elodie.lefevre-martin@personne.demo.test';

export async function openElodiePathway(app: TestApp, now: Date): Promise<{ julie: Actor; spaceId: number; personId: number; pathwayId: number }> {
  const db = app.deps.db;
  const julie = (await loadActor(db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
  const person = await db.selectFrom('person as p').innerJoin('app_user as u', 'u.id', 'p.user_id').select(['p.id', 'p.space_id']).where('u.email', '=', ELODIE_EMAIL).executeTakeFirstOrThrow();
  const opened = await openPathway(db, { spaceId: person.space_id, personId: person.id, actor: julie, now });
  if (!opened.ok) throw new Error(opened.message);
  return { julie, spaceId: person.space_id, personId: person.id, pathwayId: opened.pathwayId };
}
