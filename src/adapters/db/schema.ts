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

export interface CommuneCentreTable {
  code: string;
  latitude: number;
  longitude: number;
  source: string;
  loaded_at: Date;
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

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Day = ColumnType<string, string, string>;
type NullableDay = ColumnType<string | null, string | null | undefined, string | null>;

export interface TerritorySpaceTable {
  id: Generated<number>;
  application_id: number;
  departement_code: string;
  lead_organisation_id: number;
  name: string;
  retention_months: Generated<number>;
  former_referent_days: Generated<number>;
  opened_at: Timestamp;
}

export interface SpaceOrganisationTable {
  space_id: number;
  organisation_id: number;
  added_at: Timestamp;
}

export interface SpaceProfessionalTable {
  space_id: number;
  user_id: number;
  organisation_id: number;
  invited_by: Nullable<number>;
  invited_at: Timestamp;
  deactivated_at: Nullable<Date>;
  deactivated_by: Nullable<number>;
}

export interface PersonTable {
  id: Generated<number>;
  space_id: number;
  given_name: string;
  family_name: string;
  name_key: string;
  family_key: string;
  birth_date: NullableDay;
  caf_number: Nullable<string>;
  france_travail_id: Nullable<string>;
  email: Nullable<string>;
  phone: Nullable<string>;
  address: Nullable<string>;
  rsa_rights_opened_on: NullableDay;
  user_id: Nullable<number>;
  merged_into: Nullable<number>;
  created_by: Nullable<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  anonymised_at: Nullable<Date>;
}

export interface PathwayTable {
  id: Generated<number>;
  person_id: number;
  space_id: number;
  status: Generated<string>;
  opened_by: Nullable<number>;
  opened_by_organisation_id: number;
  opened_at: Timestamp;
  referent_user_id: Nullable<number>;
  holding_organisation_id: number;
  orientation_kind: Nullable<string>;
  oriented_at: Nullable<Date>;
  closed_at: Nullable<Date>;
  closed_reason: Nullable<string>;
  anonymised_at: Nullable<Date>;
}

export interface PathwayReferentTable {
  id: Generated<number>;
  pathway_id: number;
  user_id: number;
  organisation_id: number;
  assigned_by: Nullable<number>;
  started_at: Timestamp;
  ended_at: Nullable<Date>;
}

export interface PathwayMemberTable {
  id: Generated<number>;
  pathway_id: number;
  user_id: number;
  organisation_id: number;
  added_by: Nullable<number>;
  joined_at: Timestamp;
  left_at: Nullable<Date>;
}

export interface DiagnosisTable {
  id: Generated<number>;
  pathway_id: number;
  author_user_id: Nullable<number>;
  author_label: string;
  created_at: Timestamp;
}

export interface DiagnosisAreaTable {
  diagnosis_id: number;
  area: string;
  situation: string;
  needs: Generated<string>;
}

export interface OrientationRequestTable {
  id: Generated<number>;
  pathway_id: number;
  kind: string;
  receiving_organisation_id: number;
  proposed_referent_user_id: Nullable<number>;
  requested_by: Nullable<number>;
  requested_at: Timestamp;
  status: Generated<string>;
  decided_by: Nullable<number>;
  decided_at: Nullable<Date>;
  reason: Generated<string>;
}

export interface PlanObjectiveTable {
  id: Generated<number>;
  pathway_id: number;
  area: string;
  label: string;
  by_person: Generated<boolean>;
  created_by: Nullable<number>;
  created_at: Timestamp;
}

export interface PlanActionTable {
  id: Generated<number>;
  pathway_id: number;
  objective_id: Nullable<number>;
  kind: string;
  label: string;
  company_siret: Nullable<string>;
  company_name: Nullable<string>;
  starts_on: NullableDay;
  ends_on: NullableDay;
  /** catalogue_service.id (data·inclusion id), for an action of kind 'service' only (migration 013). */
  service_id: Nullable<string>;
  status: Generated<string>;
  created_by: Nullable<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PathwayContractTable {
  id: Generated<number>;
  pathway_id: number;
  kind: string;
  starts_on: Day;
  ends_on: Day;
  created_by: Nullable<number>;
  created_at: Timestamp;
}

export interface AppointmentTable {
  id: Generated<number>;
  pathway_id: number;
  professional_user_id: Nullable<number>;
  starts_at: Timestamp;
  place: string;
  subject: string;
  status: Generated<string>;
  invite_email: Generated<boolean>;
  invite_sms: Generated<boolean>;
  reminder_sent_at: Nullable<Date>;
  created_by: Nullable<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PathwayEventTable {
  id: Generated<number>;
  pathway_id: number;
  kind: string;
  summary: ColumnType<Record<string, unknown>, string | undefined, string>;
  actor_user_id: Nullable<number>;
  actor_label: string;
  occurred_at: Timestamp;
}

export interface PersonAccessLogTable {
  id: Generated<number>;
  person_id: number;
  pathway_id: Nullable<number>;
  user_id: Nullable<number>;
  actor_label: string;
  organisation_label: Nullable<string>;
  action: string;
  occurred_at: Timestamp;
}

export interface PersonSignInLinkTable {
  token_hash: string;
  person_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Nullable<Date>;
}

export interface ServiceOrientationTable {
  id: Generated<number>;
  pathway_id: number;
  service_id: string;
  status: Generated<string>;
  message: string;
  consent_at: Timestamp;
  consent_by: number;
  created_by: number;
  created_by_label: string;
  recipient_email: string;
  token_hash: string;
  reminder_token_hash: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  reminded_at: Nullable<Date>;
  answered_at: Nullable<Date>;
  answered_by: number | null;
  answered_by_label: string | null;
  answer_reason: string | null;
}

export interface SmsOutboxTable {
  id: Generated<number>;
  to_number: string;
  body: string;
  created_at: Timestamp;
}

export interface PersonImportTable {
  id: Generated<number>;
  space_id: number;
  created_by: number;
  created_at: Timestamp;
  file_id: number;
  filename: string;
  mapping: ColumnType<Record<string, string>, string | undefined, string>;
  status: Generated<string>;
  total_rows: Generated<number>;
  done_rows: Generated<number>;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  error_count: Generated<number>;
  finished_at: Nullable<Date>;
}

type TextList = ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
type NullableNumber = ColumnType<number | null, number | null | undefined, number | null>;

export interface CatalogueStructureTable {
  id: string;
  space_id: number;
  organisation_id: Nullable<number>;
  source: string;
  nom: string;
  siret: Nullable<string>;
  description: Nullable<string>;
  adresse: Nullable<string>;
  complement_adresse: Nullable<string>;
  code_postal: Nullable<string>;
  code_insee: Nullable<string>;
  commune: Nullable<string>;
  latitude: NullableNumber;
  longitude: NullableNumber;
  telephone: Nullable<string>;
  courriel: Nullable<string>;
  site_web: Nullable<string>;
  lien_source: Nullable<string>;
  horaires_accueil: Nullable<string>;
  accessibilite_lieu: Nullable<string>;
  reseaux_porteurs: TextList;
  date_maj: Day;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CatalogueServiceTable {
  id: string;
  structure_id: string;
  space_id: number;
  status: Generated<string>;
  source: string;
  nom: string;
  description: string;
  type: Nullable<string>;
  thematiques: TextList;
  publics: TextList;
  publics_precisions: Nullable<string>;
  conditions_acces: Nullable<string>;
  frais: Nullable<string>;
  frais_precisions: Nullable<string>;
  modes_accueil: TextList;
  modes_mobilisation: TextList;
  mobilisation_precisions: Nullable<string>;
  mobilisable_par: TextList;
  lien_mobilisation: Nullable<string>;
  lien_source: Nullable<string>;
  contact_nom_prenom: Nullable<string>;
  courriel: Nullable<string>;
  telephone: Nullable<string>;
  adresse: Nullable<string>;
  complement_adresse: Nullable<string>;
  code_postal: Nullable<string>;
  code_insee: Nullable<string>;
  commune: Nullable<string>;
  latitude: NullableNumber;
  longitude: NullableNumber;
  horaires_accueil: Nullable<string>;
  zone_eligibilite: TextList;
  nombre_semaines: NullableNumber;
  volume_horaire_hebdomadaire: NullableNumber;
  date_maj: Day;
  reviewed_at: Timestamp;
  review_reminder_sent_at: Nullable<Date>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: Nullable<number>;
}

export interface Database {
  catalogue_structure: CatalogueStructureTable;
  catalogue_service: CatalogueServiceTable;
  territory_space: TerritorySpaceTable;
  space_organisation: SpaceOrganisationTable;
  space_professional: SpaceProfessionalTable;
  person: PersonTable;
  pathway: PathwayTable;
  pathway_referent: PathwayReferentTable;
  pathway_member: PathwayMemberTable;
  diagnosis: DiagnosisTable;
  diagnosis_area: DiagnosisAreaTable;
  orientation_request: OrientationRequestTable;
  plan_objective: PlanObjectiveTable;
  plan_action: PlanActionTable;
  pathway_contract: PathwayContractTable;
  appointment: AppointmentTable;
  pathway_event: PathwayEventTable;
  person_access_log: PersonAccessLogTable;
  person_sign_in_link: PersonSignInLinkTable;
  sms_outbox: SmsOutboxTable;
  service_orientation: ServiceOrientationTable;
  person_import: PersonImportTable;
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
  commune_centre: CommuneCentreTable;
  reference_data: ReferenceDataTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
