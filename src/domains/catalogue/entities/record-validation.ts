/**
 * Validation of catalogue records against the official data·inclusion v1 JSON Schemas (issue 6 §3 and
 * acceptance), with Ajv (JSON Schema 2020-12, formats uri/email/date from ajv-formats). The schemas are
 * the published files, not a copy: what validates here validates at data·inclusion. Errors are given
 * in French, one per field, for the import report.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import serviceSchema from '../reference/data-inclusion-schema-v1/service.json' with { type: 'json' };
import structureSchema from '../reference/data-inclusion-schema-v1/structure.json' with { type: 'json' };

// ajv-formats is CommonJS: its function is the default export's `default` under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validators = { structure: ajv.compile(structureSchema), service: ajv.compile(serviceSchema) };

export type RecordKind = keyof typeof validators;
export type RecordCheck = { ok: true } | { ok: false; errors: string[] };

function field(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') return (error.params as { missingProperty: string }).missingProperty;
  return path || '(enregistrement)';
}

function message(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'champ obligatoire manquant';
    case 'minLength':
      return `doit compter au moins ${String(p.limit)} caractères`;
    case 'maxLength':
      return `doit compter au plus ${String(p.limit)} caractères`;
    case 'pattern':
      return 'n’a pas la forme attendue';
    case 'format':
      return p.format === 'date' ? 'doit être une date AAAA-MM-JJ' : p.format === 'email' ? 'doit être une adresse électronique' : p.format === 'uri' ? 'doit être une adresse web complète (https://…)' : `doit être au format ${String(p.format)}`;
    case 'enum':
      return 'n’est pas une valeur de la liste officielle';
    case 'type':
      return `doit être de type ${String(p.type)}`;
    case 'minimum':
      return `doit valoir au moins ${String(p.limit)}`;
    case 'minItems':
      return `doit compter au moins ${String(p.limit)} élément(s)`;
    case 'uniqueItems':
      return 'contient deux fois la même valeur';
    case 'const':
      return 'n’a pas la valeur attendue';
    default:
      return 'n’est pas conforme au schéma';
  }
}

/**
 * Checks one record. Errors of the `anyOf` alternatives are reduced to the most telling one per field:
 * a value that is not null fails the null branch (« type null »), which says nothing useful.
 */
export function validateRecord(kind: RecordKind, record: unknown): RecordCheck {
  const validate = validators[kind];
  if (validate(record)) return { ok: true };
  const byField = new Map<string, string>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'anyOf') continue;
    if (error.keyword === 'type' && (error.params as { type?: string }).type === 'null') continue;
    const name = field(error);
    if (!byField.has(name)) byField.set(name, `${name} : ${message(error)}`);
  }
  if (byField.size === 0) byField.set('(enregistrement)', '(enregistrement) : n’est pas conforme au schéma');
  return { ok: false, errors: [...byField.values()] };
}

/** The properties the official schema defines, in its order: what an export writes, nothing else. */
export const STRUCTURE_FIELDS = Object.keys(structureSchema.properties);
export const SERVICE_FIELDS = Object.keys(serviceSchema.properties);
