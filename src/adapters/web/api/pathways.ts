/**
 * API operations of the territory's SPIE (issue 5 §13): findPeople, openPathway, getPathway,
 * recordDiagnosis, requestOrientation, decideOrientation, assignReferent, addPlanItem,
 * scheduleAppointment, importPeople. Same actions, objects, checks and adapters as the web pages.
 */
import type { FastifyInstance } from 'fastify';
import { registerPathwayAppointmentApi } from './pathway-appointments.js';
import { registerPathwayImportApi } from './pathway-import.js';
import { registerPathwayPeopleApi } from './pathway-people.js';
import { registerPathwayRecordApi } from './pathway-record.js';

export function registerPathwayApi(api: FastifyInstance): void {
  registerPathwayPeopleApi(api);
  registerPathwayRecordApi(api);
  registerPathwayAppointmentApi(api);
  registerPathwayImportApi(api);
}
