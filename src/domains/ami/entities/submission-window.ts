/**
 * When an application may be submitted (AMI-2, AMI-20): a first submission only while the call is
 * published and before its deadline; an application returned for completion by the reviewers may be
 * submitted again whatever the date, since the State asked for it.
 */
import type { RuleFailure } from './application-content.js';

const CALL_NOT_OPEN: RuleFailure = { rule: 'AMI-2', field: 'deadline', message: 'L’appel n’est plus ouvert au dépôt.' };

export function withSubmissionWindow(failures: RuleFailure[], applicationStatus: string, callStatus: string): RuleFailure[] {
  if (applicationStatus === 'returned') return failures.filter((f) => f.field !== 'deadline');
  if (callStatus !== 'published' && !failures.some((f) => f.field === 'deadline')) return [...failures, CALL_NOT_OPEN];
  return failures;
}
