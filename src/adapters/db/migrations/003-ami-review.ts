/** AMI review and decision (issue 4, AMI-20…22): opinions, expert invitations, national decisions. */
export const statements = [
  `create table expert_invitation (
    application_id bigint not null references application(id),
    expert_user_id bigint not null references app_user(id),
    invited_by bigint not null references app_user(id),
    due_on date not null,
    invited_at timestamptz not null,
    primary key (application_id, expert_user_id)
  )`,
  `create table application_opinion (
    id bigint generated always as identity primary key,
    application_id bigint not null references application(id),
    author_user_id bigint not null references app_user(id),
    kind text not null check (kind in ('departement_prefect','regional_prefect','expert','collegial')),
    verdict text check (verdict in ('favourable','reserve','defavorable')),
    reasons text not null check (length(trim(reasons)) > 0),
    confidential boolean not null default false,
    created_at timestamptz not null,
    check (kind = 'expert' or verdict is not null)
  )`,
  `create index application_opinion_idx on application_opinion (application_id, id)`,
  `create table application_decision (
    application_id bigint primary key references application(id),
    call_id bigint not null references ami_call(id),
    decision text not null check (decision in ('selected','not_selected')),
    reasons text not null,
    decided_by bigint not null references app_user(id),
    decided_at timestamptz not null
  )`,
  `create index application_decision_call_idx on application_decision (call_id, decision)`,
];
