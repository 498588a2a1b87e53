/**
 * Amounts of money typed the French way (« 12 500,50 ») and shown the French way (« 12 500,50 € »).
 * Money is counted in integer euro cents (domain.md §1.2): the digits are parsed, never a float.
 */

/** 1 000 000 000,00 € — anything above is refused as absurd (same bound as the application schema). */
export const MAX_AMOUNT_CENTS = 100_000_000_000;

export type EuroAmountParse = { ok: true; cents: number } | { ok: false; message: string };

const EXAMPLE = '« 12 500,50 »';
export const AMOUNT_MESSAGES = {
  empty: 'Saisissez un montant.',
  negative: 'Le montant ne peut pas être négatif.',
  notANumber: `Saisissez un montant en chiffres, par exemple ${EXAMPLE}.`,
  ambiguous: `Séparez les milliers par des espaces et les centimes par une virgule, par exemple ${EXAMPLE}.`,
  grouping: `Les milliers sont mal séparés : écrivez par exemple ${EXAMPLE}.`,
  decimals: 'Le montant ne peut pas avoir plus de deux chiffres après la virgule (les centimes).',
  tooLarge: 'Le montant ne peut pas dépasser 1 000 000 000,00 €.',
} as const;

const fail = (message: string): EuroAmountParse => ({ ok: false, message });

/** Splits the text into integer and fraction parts; a dot is a decimal separator only when unambiguous. */
function splitDecimal(s: string): { int: string; frac: string | null } | { error: string } {
  const commas = s.split(',').length - 1;
  const dots = s.split('.').length - 1;
  if (commas > 1 || (commas === 1 && dots > 0) || dots > 1) return { error: AMOUNT_MESSAGES.ambiguous };
  const sep = commas === 1 ? ',' : dots === 1 ? '.' : null;
  if (sep === null) return { int: s, frac: null };
  const [int = '', frac = ''] = s.split(sep);
  // « 12.500 » may mean 12 500 € or 12,50 €: refused rather than guessed.
  if (sep === '.' && frac.length === 3) return { error: AMOUNT_MESSAGES.ambiguous };
  return { int, frac };
}

/** Parses « 12 500,50 », « 12500 », « 500 000,00 € », « 12500.50 » into cents. */
export function parseEuroAmount(text: string): EuroAmountParse {
  let s = text.trim();
  if (s === '') return fail(AMOUNT_MESSAGES.empty);
  s = s.replace(/\s*€$/u, '');
  if (/^[-−]/u.test(s)) return fail(AMOUNT_MESSAGES.negative);
  // Any Unicode space (ordinary, U+00A0, U+202F, thin U+2009…) separates thousands.
  s = s.replace(/\s/gu, ' ');
  if (s === '' || /[^\d ,.]/u.test(s)) return fail(AMOUNT_MESSAGES.notANumber);

  const parts = splitDecimal(s);
  if ('error' in parts) return fail(parts.error);
  const { int, frac } = parts;
  if (int === '' || frac === '' || (frac !== null && !/^\d+$/.test(frac))) return fail(AMOUNT_MESSAGES.notANumber);
  if (!/^\d+$/.test(int) && !/^\d{1,3}( \d{3})+$/.test(int)) return fail(AMOUNT_MESSAGES.grouping);
  if (frac !== null && frac.length > 2) return fail(AMOUNT_MESSAGES.decimals);

  const euros = int.replace(/ /g, '').replace(/^0+(?=\d)/, '');
  if (euros.length > 10) return fail(AMOUNT_MESSAGES.tooLarge);
  const cents = Number(euros + (frac ?? '').padEnd(2, '0'));
  if (cents > MAX_AMOUNT_CENTS) return fail(AMOUNT_MESSAGES.tooLarge);
  return { ok: true, cents };
}

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/**
 * « 12 500,50 € » (Intl fr-FR: the thousands separator is U+202F, the space before € is U+00A0).
 * Exact: the euros are formatted as a BigInt and the cents put in place of Intl's fraction.
 */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Montant en centimes invalide : ${cents}`);
  const abs = BigInt(Math.abs(cents));
  const fraction = String(abs % 100n).padStart(2, '0');
  const text = EUROS.formatToParts(abs / 100n)
    .map((p) => (p.type === 'fraction' ? fraction : p.value))
    .join('');
  return cents < 0 ? `-${text}` : text;
}
