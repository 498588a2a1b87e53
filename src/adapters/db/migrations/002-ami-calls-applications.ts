/** AMI calls and applications (issue 3): calls, applications by section with versions, attachments, transitions, submissions, API tokens. */
export const statements = [
  `create table stored_file (
    id bigint generated always as identity primary key,
    sha256 char(64) not null,
    media_type text not null,
    size_bytes integer not null check (size_bytes >= 0),
    content bytea not null,
    created_at timestamptz not null default now()
  )`,
  `create table ami_call (
    id bigint generated always as identity primary key,
    title text not null check (length(trim(title)) > 0),
    description text not null default '',
    opens_at timestamptz not null,
    deadline_at timestamptz not null check (deadline_at > opens_at),
    laureate_slots integer not null check (laureate_slots > 0),
    max_grant_cents bigint not null check (max_grant_cents >= 0),
    min_self_funding_rate_bp integer not null check (min_self_funding_rate_bp between 0 and 10000),
    eligible_expense_categories text[] not null,
    excluded_territories text[] not null default '{}',
    status text not null default 'draft' check (status in ('draft','published','closed','decided')),
    version integer not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create table application (
    id bigint generated always as identity primary key,
    call_id bigint not null references ami_call(id),
    lead_organisation_id bigint not null references organisation(id),
    departement_code text not null references departement(code),
    territory_kind text not null check (territory_kind in ('departement','bassins')),
    epci_codes text[] not null default '{}',
    commune_codes text[] not null default '{}',
    territory_justification text not null default '',
    status text not null default 'draft'
      check (status in ('draft','submitted','under_review','returned','opinions_given','selected','not_selected','withdrawn')),
    created_by bigint not null references app_user(id),
    created_at timestamptz not null default now(),
    submitted_at timestamptz,
    submitted_digest char(64)
  )`,
  `create index application_call_idx on application (call_id, status)`,
  `create index application_lead_idx on application (lead_organisation_id)`,
  // AMI-15: one submitted application per territory (département) and call, even under concurrent submissions.
  `create unique index application_one_submitted_per_territory on application (call_id, departement_code)
     where status not in ('draft', 'withdrawn')`,
  `create table application_section (
    application_id bigint not null references application(id),
    section text not null,
    content jsonb not null,
    version integer not null,
    updated_by bigint references app_user(id),
    updated_at timestamptz not null,
    primary key (application_id, section)
  )`,
  `create table application_section_history (
    id bigint generated always as identity primary key,
    application_id bigint not null references application(id),
    section text not null,
    version integer not null,
    content jsonb not null,
    updated_by bigint references app_user(id),
    updated_at timestamptz not null,
    unique (application_id, section, version)
  )`,
  `create table application_collaborator (
    application_id bigint not null references application(id),
    email text not null,
    invited_by bigint not null references app_user(id),
    invited_at timestamptz not null,
    primary key (application_id, email)
  )`,
  `create table application_attachment (
    id bigint generated always as identity primary key,
    application_id bigint not null references application(id),
    file_id bigint not null references stored_file(id),
    kind text not null check (kind in ('commitment_letter','deliberation','annex')),
    signer text check (signer in ('conseil_departemental','france_travail','other')),
    filename text not null,
    uploaded_by bigint not null references app_user(id),
    uploaded_at timestamptz not null,
    removed_at timestamptz,
    check ((kind = 'commitment_letter') = (signer is not null))
  )`,
  `create index application_attachment_idx on application_attachment (application_id)`,
  // AMI-20: every transition, who and when, kept forever.
  `create table application_transition (
    id bigint generated always as identity primary key,
    application_id bigint not null references application(id),
    from_status text,
    to_status text not null,
    actor_user_id bigint not null references app_user(id),
    occurred_at timestamptz not null,
    reason text not null default ''
  )`,
  `create index application_transition_idx on application_transition (application_id, id)`,
  `create table application_submission (
    id bigint generated always as identity primary key,
    application_id bigint not null references application(id),
    submitted_at timestamptz not null,
    submitted_by bigint not null references app_user(id),
    content jsonb not null,
    digest char(64) not null,
    receipt_file_id bigint not null references stored_file(id)
  )`,
  `create table api_token (
    id bigint generated always as identity primary key,
    user_id bigint not null references app_user(id),
    token_hash char(64) not null unique,
    label text not null,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,
];
