/** Row types of the database, for Kysely. Table and column names are snake_case in SQL. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  siret: string;
  kind: string;
  departement_code: string | null;
  region_code: string | null;
  created_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  given_name: string;
  family_name: string;
  organisation_id: number | null;
  oidc_subject: string | null;
  active: Generated<boolean>;
  /** Demo accounts are the only ones the demo sign-in page lists and accepts. */
  is_demo: Generated<boolean>;
  created_at: Timestamp;
}

export interface RoleAssignmentTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  perimeter_kind: string;
  perimeter_code: string;
  created_at: Timestamp;
}

export interface RegionTable {
  code: string;
  name: string;
  chef_lieu: string;
  zone: string;
}

export interface DepartementTable {
  code: string;
  name: string;
  region_code: string;
  chef_lieu: string;
  zone: string;
}

export interface EpciTable {
  code: string;
  name: string;
  kind: string;
  population: number | null;
}

export interface CommuneTable {
  code: string;
  name: string;
  departement_code: string;
  region_code: string;
  epci_code: string | null;
  population: number | null;
  postal_codes: string[];
}

export interface ReferenceDataTable {
  dataset: string;
  version: string;
  loaded_at: Timestamp;
}

export interface SessionTable {
  id_hash: string;
  user_id: number | null;
  csrf_token: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  expires_at: Timestamp;
  idle_expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_user_id: number | null;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string | null;
  summary: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface MailOutboxTable {
  id: Generated<number>;
  created_at: Timestamp;
  to_address: string;
  subject: string;
  text_body: string;
  transport: string;
}

export interface Database {
  organisation: OrganisationTable;
  app_user: AppUserTable;
  role_assignment: RoleAssignmentTable;
  region: RegionTable;
  departement: DepartementTable;
  epci: EpciTable;
  commune: CommuneTable;
  reference_data: ReferenceDataTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
