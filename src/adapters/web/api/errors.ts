/**
 * Errors of the JSON API: always `{ error, details: [{ rule?, field?, message }] }` in French, with a
 * 4xx status for anything the client sent wrong — never a 500 for bad input.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../errors.js';

export interface ApiErrorDetail {
  rule?: string;
  field?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422,
    message: string,
    readonly details: ApiErrorDetail[] = [],
    /** More members of the error body (e.g. the current state of a section in a conflict). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: 'Requête invalide.',
  401: 'Authentification requise : envoyez un jeton d’API (Authorization: Bearer <jeton>).',
  403: 'Accès refusé.',
  404: 'Ressource introuvable.',
  405: 'Méthode non permise.',
  406: 'Format de requête non accepté.',
  409: 'Conflit avec l’état actuel de la ressource.',
  413: 'Requête trop volumineuse.',
  415: 'Type de contenu non pris en charge : envoyez du JSON (application/json).',
  422: 'Requête non recevable.',
  429: 'Trop de requêtes : patientez une minute.',
  500: 'Erreur inattendue du service.',
};

/** Fastify and @fastify/multipart errors caused by the client, said in French. */
const FRAMEWORK_ERRORS: Record<string, { status: number; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'Le corps de la requête n’est pas du JSON valide.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'Le corps de la requête est vide alors que son type est application/json.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: TITLES[415]! },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: 'Le corps de la requête dépasse 1 Mo.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'La longueur annoncée du corps de la requête est fausse.' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, message: 'Le fichier dépasse 20 Mo.' },
  FST_FILES_LIMIT: { status: 413, message: 'Envoyez un seul fichier par requête.' },
  FST_FIELDS_LIMIT: { status: 413, message: 'Le formulaire a trop de champs.' },
  FST_PARTS_LIMIT: { status: 413, message: 'Le formulaire a trop de parties.' },
  FST_PROTO_VIOLATION: { status: 400, message: 'Nom de champ interdit.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, message: 'Envoyez la pièce en multipart/form-data.' },
  FST_INVALID_JSON_FIELD_ERROR: { status: 400, message: 'Un champ déclaré JSON n’est pas du JSON valide.' },
  FST_MP_PREMATURE_CLOSE: { status: 400, message: 'La requête s’est interrompue avant la fin du formulaire.' },
};

const FRENCH = z.locales.fr().localeError;

/** Parses a request body (or params, query) with a zod schema; a mismatch is a 400 listing each field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what = 'Le corps de la requête'): z.output<S> {
  const parsed = schema.safeParse(value, { error: FRENCH });
  if (parsed.success) return parsed.data;
  throw new ApiError(400, `${what} n’est pas valide.`, zodDetails(parsed.error));
}

export function zodDetails(error: z.ZodError): ApiErrorDetail[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(corps)', message: issue.message }));
}

function send(reply: FastifyReply, status: number, body: Record<string, unknown>) {
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="spie-api"');
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

export function apiErrorHandler(error: FastifyError | ApiError | HttpError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError) return send(reply, error.statusCode, { error: error.message, details: error.details, ...error.extra });
  if (error instanceof HttpError) {
    const status = error.statusCode;
    const reason = error.message !== String(status) && status < 500 ? error.message : null;
    return send(reply, status, { error: TITLES[status] ?? TITLES[400], details: reason ? [{ message: reason }] : [] });
  }
  const code = (error as { code?: unknown }).code;
  const known = typeof code === 'string' ? FRAMEWORK_ERRORS[code] : undefined;
  if (known) return send(reply, known.status, { error: TITLES[known.status] ?? TITLES[400], details: [{ message: known.message }] });
  const given = (error as { statusCode?: unknown }).statusCode;
  const status = typeof given === 'number' && given >= 400 && given < 500 ? given : 500;
  if (status === 500) request.log.error({ err: error }, 'API request failed');
  return send(reply, status, { error: TITLES[status] ?? TITLES[400], details: [] });
}

/** Errors of the routes of this scope are answered by `apiErrorHandler`. */
export function registerApiErrors(api: FastifyInstance): void {
  api.setErrorHandler(apiErrorHandler);
}
