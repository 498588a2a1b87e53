/** Foundation: organisations, users, role assignments, territorial reference data, sessions, audit trail, mail outbox. */
export const statements = [
  `create table organisation (
    id bigint generated always as identity primary key,
    name text not null check (length(trim(name)) > 0),
    siret char(14) not null unique,
    kind text not null,
    departement_code text,
    region_code text,
    created_at timestamptz not null default now()
  )`,
  `create table app_user (
    id bigint generated always as identity primary key,
    email text not null unique,
    given_name text not null,
    family_name text not null,
    organisation_id bigint references organisation(id),
    oidc_subject text unique,
    active boolean not null default true,
    is_demo boolean not null default false,
    created_at timestamptz not null default now()
  )`,
  `create index app_user_organisation_idx on app_user (organisation_id)`,
  `create table role_assignment (
    id bigint generated always as identity primary key,
    user_id bigint not null references app_user(id),
    role text not null,
    perimeter_kind text not null check (perimeter_kind in ('national','region','departement','organisation','self')),
    perimeter_code text not null,
    created_at timestamptz not null default now(),
    unique (user_id, role, perimeter_kind, perimeter_code)
  )`,
  `create index role_assignment_user_idx on role_assignment (user_id)`,
  `create table region (code text primary key, name text not null, chef_lieu text not null, zone text not null)`,
  `create table departement (
    code text primary key, name text not null, region_code text not null references region(code),
    chef_lieu text not null, zone text not null
  )`,
  `create table epci (code text primary key, name text not null, kind text not null, population integer)`,
  `create table commune (
    code text primary key, name text not null, departement_code text not null, region_code text not null,
    epci_code text references epci(code), population integer, postal_codes text[] not null default '{}'
  )`,
  `create index commune_departement_idx on commune (departement_code)`,
  `create index commune_epci_idx on commune (epci_code)`,
  `create table reference_data (dataset text primary key, version text not null, loaded_at timestamptz not null default now())`,
  `create table session (
    id_hash text primary key,
    user_id bigint references app_user(id),
    csrf_token text not null,
    data jsonb not null default '{}',
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    idle_expires_at timestamptz not null
  )`,
  `create index session_expiry_idx on session (expires_at)`,
  `create table audit_log (
    id bigint generated always as identity primary key,
    occurred_at timestamptz not null,
    actor_user_id bigint,
    actor_label text not null,
    action text not null,
    object_type text not null,
    object_id text,
    summary jsonb not null default '{}',
    prev_hash char(64) not null,
    hash char(64) not null unique
  )`,
  `create index audit_log_action_idx on audit_log (action, occurred_at)`,
  `create index audit_log_actor_idx on audit_log (actor_user_id, occurred_at)`,
  // The audit trail is append-only: the database refuses updates, deletes and truncation.
  `create function audit_log_append_only() returns trigger language plpgsql as $$
   begin
     raise exception 'audit_log is append-only (% refused)', tg_op;
   end $$`,
  `create trigger audit_log_no_update before update or delete on audit_log
     for each row execute function audit_log_append_only()`,
  `create trigger audit_log_no_truncate before truncate on audit_log
     for each statement execute function audit_log_append_only()`,
  `create table mail_outbox (
    id bigint generated always as identity primary key,
    created_at timestamptz not null default now(),
    to_address text not null,
    subject text not null,
    text_body text not null,
    transport text not null
  )`,
];
