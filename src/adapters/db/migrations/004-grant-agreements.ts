/** Grant agreements and payments (issue 4 §5, AMI-23). */
export const statements = [
  // Payment schedule per call: the share paid at signature, the balance on the final report.
  `alter table ami_call add column advance_rate_bp integer not null default 5000 check (advance_rate_bp between 0 and 10000)`,
  `alter table ami_call add column agreement_months integer not null default 36 check (agreement_months between 1 and 120)`,
  `create table grant_agreement (
    id bigint generated always as identity primary key,
    application_id bigint not null unique references application(id),
    amount_cents bigint not null check (amount_cents > 0),
    advance_cents bigint not null check (advance_cents >= 0),
    balance_cents bigint not null check (balance_cents >= 0),
    duration_months integer not null,
    pdf_file_id bigint not null references stored_file(id),
    generated_by bigint not null references app_user(id),
    generated_at timestamptz not null,
    signed_on date,
    check (advance_cents + balance_cents = amount_cents)
  )`,
  `create table grant_payment (
    id bigint generated always as identity primary key,
    agreement_id bigint not null references grant_agreement(id),
    paid_on date not null,
    amount_cents bigint not null check (amount_cents > 0),
    reference text not null check (length(trim(reference)) > 0),
    recorded_by bigint not null references app_user(id),
    recorded_at timestamptz not null
  )`,
  `create index grant_payment_agreement_idx on grant_payment (agreement_id)`,
];
