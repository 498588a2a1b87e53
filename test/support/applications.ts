/** Builds applications for tests through the real adapters and use case (create, fill the budget, submit). */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/adapters/db/schema.js';
import { createApplication, loadSections } from '../../src/domains/ami/adapters/applications.js';
import { saveSection } from '../../src/domains/ami/adapters/sections.js';
import type { BudgetSection } from '../../src/domains/ami/entities/application-content.js';
import { submitApplication } from '../../src/domains/ami/use-cases/submit-application.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';

/** One expense line of `totalCents`, balanced by the State grant and self-funding. */
export function balancedBudget(stateGrantCents: number, totalCents = 50_000_000, year = 2026): BudgetSection {
  return {
    expenses: [{ category: 'animation_team', label: 'Équipe d’animation', year, amountCents: totalCents }],
    stateGrantCents,
    selfFundingCents: totalCents - stateGrantCents,
    coFunders: [],
  };
}

/** A submitted application of the actor's organisation for a whole département; throws if any step is refused. */
export async function submittedApplication(
  db: Kysely<Database>,
  input: { actor: Actor; callId: number; departementCode: string; budget?: BudgetSection; now?: Date },
): Promise<number> {
  const { actor, callId, departementCode } = input;
  const now = input.now ?? new Date();
  const created = await createApplication(db, { callId, leadOrganisationId: actor.organisationId!, territory: { kind: 'departement', departementCode }, actor, now });
  if (!created.ok) throw new Error(created.message);
  const version = (await loadSections(db, created.id)).budget.version;
  const saved = await saveSection(db, { applicationId: created.id, section: 'budget', content: input.budget ?? balancedBudget(40_000_000), baseVersion: version, actor, now });
  if (!saved.ok) throw new Error(`budget not saved: ${saved.reason}`);
  const result = await submitApplication(db, { applicationId: created.id, actor, now });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return created.id;
}

/** The demo accounts the review tests act as (src/demo/demo-data.ts). */
export const DEMO_EMAILS = {
  sophie: 'sophie.garnier@prefecture49.demo.test',
  marc: 'marc.dubois@prefecture72.demo.test',
  claire: 'claire.fontaine@prefecture52.demo.test',
  hugo: 'hugo.marchand@dreets52.demo.test',
  nadia: 'nadia.benali@dgefp.demo.test',
  isabelle: 'isabelle.roux@cd49.demo.test',
  antoine: 'antoine.morel@cd72.demo.test',
  elodie: 'elodie.lefevre-martin@personne.demo.test',
} as const;
