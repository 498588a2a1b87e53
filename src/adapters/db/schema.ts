/** Row types of the database, for Kysely. Table and column names are snake_case in SQL. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ScoringCriterion } from '../../domains/ami/entities/scoring-grid.js';

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

type Bytes = ColumnType<Buffer, Buffer | Uint8Array, Buffer | Uint8Array>;

export interface StoredFileTable {
  id: Generated<number>;
  sha256: string;
  media_type: string;
  size_bytes: number;
  content: Bytes;
  created_at: Timestamp;
}

export interface AmiCallTable {
  id: Generated<number>;
  title: string;
  description: string;
  opens_at: Timestamp;
  deadline_at: Timestamp;
  laureate_slots: number;
  max_grant_cents: number;
  min_self_funding_rate_bp: number;
  eligible_expense_categories: string[];
  excluded_territories: string[];
  status: Generated<string>;
  version: Generated<number>;
  advance_rate_bp: Generated<number>;
  agreement_months: Generated<number>;
  scoring_criteria: ColumnType<ScoringCriterion[], string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApplicationTable {
  id: Generated<number>;
  call_id: number;
  lead_organisation_id: number;
  departement_code: string;
  territory_kind: string;
  epci_codes: Generated<string[]>;
  commune_codes: Generated<string[]>;
  territory_justification: Generated<string>;
  status: Generated<string>;
  created_by: number;
  created_at: Timestamp;
  submitted_at: Date | null;
  submitted_digest: string | null;
  shared_with_prefecture_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  shared_with_prefecture_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ApplicationSectionTable {
  application_id: number;
  section: string;
  content: Json<unknown>;
  version: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface ApplicationSectionHistoryTable {
  id: Generated<number>;
  application_id: number;
  section: string;
  version: number;
  content: Json<unknown>;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface ApplicationCollaboratorTable {
  application_id: number;
  email: string;
  invited_by: number;
  invited_at: Timestamp;
}

export interface ApplicationAttachmentTable {
  id: Generated<number>;
  application_id: number;
  file_id: number;
  kind: string;
  signer: string | null;
  filename: string;
  uploaded_by: number;
  uploaded_at: Timestamp;
  removed_at: Date | null;
}

export interface ApplicationTransitionTable {
  id: Generated<number>;
  application_id: number;
  from_status: string | null;
  to_status: string;
  actor_user_id: number;
  occurred_at: Timestamp;
  reason: Generated<string>;
}

export interface ApplicationSubmissionTable {
  id: Generated<number>;
  application_id: number;
  submitted_at: Timestamp;
  submitted_by: number;
  content: Json<unknown>;
  digest: string;
  receipt_file_id: number;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  label: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ExpertInvitationTable {
  application_id: number;
  expert_user_id: number;
  invited_by: number;
  due_on: string;
  invited_at: Timestamp;
}

export interface ApplicationOpinionTable {
  id: Generated<number>;
  application_id: number;
  author_user_id: number;
  kind: string;
  verdict: string | null;
  reasons: string;
  confidential: Generated<boolean>;
  created_at: Timestamp;
}

export interface ApplicationDecisionTable {
  application_id: number;
  call_id: number;
  decision: string;
  reasons: string;
  decided_by: number;
  decided_at: Timestamp;
  letter_file_id: number | null;
}

export interface GrantAgreementTable {
  id: Generated<number>;
  application_id: number;
  amount_cents: number;
  advance_cents: number;
  balance_cents: number;
  duration_months: number;
  pdf_file_id: number;
  generated_by: number;
  generated_at: Timestamp;
  signed_on: string | null;
}

export interface GrantPaymentTable {
  id: Generated<number>;
  agreement_id: number;
  paid_on: string;
  amount_cents: number;
  reference: string;
  recorded_by: number;
  recorded_at: Timestamp;
}

export interface ReminderSentTable {
  kind: string;
  key: string;
  sent_at: Timestamp;
}

export interface ApplicationMessageTable {
  id: Generated<number>;
  application_id: number;
  author_user_id: number;
  section: string | null;
  body: string;
  created_at: Timestamp;
}

export interface ApplicationMessageFileTable {
  id: Generated<number>;
  message_id: number;
  file_id: number;
  filename: string;
}

export interface ApplicationMessageReadTable {
  application_id: number;
  user_id: number;
  last_read_message_id: number;
  read_at: Timestamp;
}

export interface ApplicationScoreTable {
  application_id: number;
  reviewer_user_id: number;
  marks: ColumnType<Record<string, number>, string, string>;
  comment: Generated<string>;
  updated_at: Timestamp;
}

export interface Database {
  application_message: ApplicationMessageTable;
  application_message_file: ApplicationMessageFileTable;
  application_message_read: ApplicationMessageReadTable;
  application_score: ApplicationScoreTable;
  reminder_sent: ReminderSentTable;
  grant_agreement: GrantAgreementTable;
  grant_payment: GrantPaymentTable;
  expert_invitation: ExpertInvitationTable;
  application_opinion: ApplicationOpinionTable;
  application_decision: ApplicationDecisionTable;
  stored_file: StoredFileTable;
  ami_call: AmiCallTable;
  application: ApplicationTable;
  application_section: ApplicationSectionTable;
  application_section_history: ApplicationSectionHistoryTable;
  application_collaborator: ApplicationCollaboratorTable;
  application_attachment: ApplicationAttachmentTable;
  application_transition: ApplicationTransitionTable;
  application_submission: ApplicationSubmissionTable;
  api_token: ApiTokenTable;
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
