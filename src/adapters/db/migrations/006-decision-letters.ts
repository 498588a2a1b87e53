/** Decision letters (issue 4 §4): the PDF notified to the applicant with the national decision. */
export const statements = [`alter table application_decision add column letter_file_id bigint references stored_file(id)`];
