/**
 * Orientation of a person to a catalogue service (issue 6 §5): from a pathway, with the person's
 * consent recorded (when and who), answered by the receiving organisation through a one-time link
 * (only the SHA-256 of its token is kept; the reminder carries a second token, the first one still works) or from its account; reminded once after 10 days, expired
 * after 30.
 */
export const statements = [
  `create table service_orientation (
    id bigint generated always as identity primary key,
    pathway_id bigint not null references pathway(id),
    service_id text not null references catalogue_service(id),
    status text not null default 'pending' check (status in ('pending','accepted','refused','expired')),
    message text not null,
    consent_at timestamptz not null,
    consent_by bigint not null references app_user(id),
    created_by bigint not null references app_user(id),
    created_by_label text not null,
    recipient_email text not null,
    token_hash text not null unique,
    reminder_token_hash text unique,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    reminded_at timestamptz,
    answered_at timestamptz,
    answered_by bigint references app_user(id),
    answered_by_label text,
    answer_reason text,
    check (status <> 'refused' or answer_reason is not null)
  )`,
  `create index service_orientation_pathway_idx on service_orientation (pathway_id)`,
  `create index service_orientation_pending_idx on service_orientation (created_at) where status = 'pending'`,
];
