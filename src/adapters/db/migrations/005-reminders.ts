/** Reminders sent (issue 4 §7): one row per reminder, so that each is sent once even with several instances. */
export const statements = [
  `create table reminder_sent (
    kind text not null,
    key text not null,
    sent_at timestamptz not null,
    primary key (kind, key)
  )`,
];
