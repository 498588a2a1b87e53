/**
 * SPIE-5, issue 6 §5: a plan action can point to a catalogue service. Catalogue ids are data·inclusion
 * texts, so `plan_action.service_id` (a bigint nobody could fill: the form and the API did not offer
 * the kind 'service' yet, every value is null) becomes a text referencing `catalogue_service`.
 * Services are never deleted (they are archived), so the reference always resolves. An action of
 * kind 'service' names its service, and only such an action does.
 */
export const statements = [
  `alter table plan_action alter column service_id type text using null::text`,
  `alter table plan_action add constraint plan_action_service_fk foreign key (service_id) references catalogue_service(id)`,
  `alter table plan_action add constraint plan_action_service_kind_check check ((kind = 'service') = (service_id is not null))`,
];
