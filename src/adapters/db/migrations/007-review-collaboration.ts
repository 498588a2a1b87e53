/**
 * Working together on an application (issue 4 §1–3): the draft shared with the prefecture, the
 * exchanges between applicant and reviewers (messages, their files, read marks), the call's scoring
 * grid and the reviewers' marks.
 */
import { DEFAULT_SCORING_CRITERIA } from '../../../domains/ami/entities/scoring-grid.js';

const defaultGrid = JSON.stringify(DEFAULT_SCORING_CRITERIA).replaceAll("'", "''");

export const statements = [
  `alter table application add column shared_with_prefecture_at timestamptz`,
  `alter table application add column shared_with_prefecture_by bigint references app_user(id)`,
  `create table application_message (
    id bigint generated always as identity primary key,
    application_id bigint not null references application(id),
    author_user_id bigint not null references app_user(id),
    section text,
    body text not null check (length(trim(body)) > 0),
    created_at timestamptz not null
  )`,
  `create index application_message_idx on application_message (application_id, id)`,
  `create table application_message_file (
    id bigint generated always as identity primary key,
    message_id bigint not null references application_message(id),
    file_id bigint not null references stored_file(id),
    filename text not null
  )`,
  `create index application_message_file_idx on application_message_file (message_id)`,
  `create table application_message_read (
    application_id bigint not null references application(id),
    user_id bigint not null references app_user(id),
    last_read_message_id bigint not null,
    read_at timestamptz not null,
    primary key (application_id, user_id)
  )`,
  `alter table ami_call add column scoring_criteria jsonb not null default '${defaultGrid}'::jsonb`,
  `create table application_score (
    application_id bigint not null references application(id),
    reviewer_user_id bigint not null references app_user(id),
    marks jsonb not null,
    comment text not null default '',
    updated_at timestamptz not null,
    primary key (application_id, reviewer_user_id)
  )`,
];
