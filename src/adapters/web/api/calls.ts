/** Calls in the API: listCalls, getCall (agents), createCall (national team). AMI-1, dates AMI-2. */
import type { FastifyInstance } from 'fastify';
import { createCall, getCall, listCalls } from '../../../domains/ami/adapters/calls.js';
import { checkCallForm, type CallFormField } from '../../../domains/ami/entities/call-form.js';
import { DEFAULT_EXCLUDED_TERRITORIES } from '../../../domains/ami/entities/excluded-territories.js';
import { authorize } from '../../../domains/authorization/authorize.js';
import { authz, callJson, knownId } from './common.js';
import { ApiError, parseOr400 } from './errors.js';
import { CallInputSchema } from './schemas.js';

/** The call form's fields under their API names (amounts in cents, rate in basis points). */
const API_FIELD: Record<CallFormField, string> = {
  title: 'title',
  description: 'description',
  opensOn: 'opensOn',
  deadlineOn: 'deadlineOn',
  laureateSlots: 'laureateSlots',
  maxGrant: 'maxGrantCents',
  minSelfFundingRate: 'minSelfFundingRateBp',
  eligibleExpenseCategories: 'eligibleExpenseCategories',
  excludedTerritories: 'excludedTerritories',
};

/** 1234567 → « 12345,67 », the way the call form reads amounts and rates. */
const hundredths = (n: number) => `${Math.floor(n / 100)},${String(n % 100).padStart(2, '0')}`;

export function registerCallApi(api: FastifyInstance): void {
  const { db } = api.deps;

  api.get('/api/v1/calls', { config: authz.callList }, async (request) => {
    const includeDrafts = authorize(request.actor, 'call.manage').allowed;
    return { calls: (await listCalls(db, { includeDrafts })).map(callJson) };
  });

  api.get('/api/v1/calls/:id', { config: authz.callView }, async (request) => callJson((await getCall(db, knownId(request)))!));

  api.post('/api/v1/calls', { config: authz.callManage }, async (request, reply) => {
    const body = parseOr400(CallInputSchema, request.body);
    const territories = new Set((await db.selectFrom('departement').select('code').execute()).map((d) => d.code));
    // The same rules as the national team's form (AMI-1): the body is said in the form's terms.
    const check = checkCallForm(
      {
        title: body.title,
        description: body.description,
        opensOn: body.opensOn,
        deadlineOn: body.deadlineOn,
        laureateSlots: String(body.laureateSlots),
        maxGrant: hundredths(body.maxGrantCents),
        minSelfFundingRate: hundredths(body.minSelfFundingRateBp),
        eligibleExpenseCategories: body.eligibleExpenseCategories,
        excludedTerritories: body.excludedTerritories ?? [...DEFAULT_EXCLUDED_TERRITORIES],
      },
      territories,
    );
    if (!check.ok) {
      const details = Object.entries(check.errors).map(([field, message]) => ({ field: API_FIELD[field as CallFormField], message: message ?? '' }));
      throw new ApiError(422, 'L’appel n’est pas complet ou pas cohérent.', details);
    }
    const id = await createCall(db, check.value, request.actor!, api.deps.clock());
    reply.status(201).header('location', `/api/v1/calls/${id}`);
    return callJson((await getCall(db, id))!);
  });
}
