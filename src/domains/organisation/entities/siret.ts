/**
 * Decides whether a SIRET is well formed: 14 digits whose Luhn checksum is right.
 * Exception: La Poste's establishments (SIREN 356 000 000) use "sum of digits divisible by 5" instead,
 * as INSEE documents.
 */
const LA_POSTE_SIREN = '356000000';

export function normaliseSiret(input: string): string {
  return input.replace(/[\s.\u00a0]/g, '');
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type SiretCheck = { valid: true; siret: string } | { valid: false; message: string };

export function checkSiret(input: string): SiretCheck {
  const siret = normaliseSiret(input);
  if (!/^\d{14}$/.test(siret)) {
    return { valid: false, message: 'Le SIRET doit comporter 14 chiffres.' };
  }
  if (siret.startsWith(LA_POSTE_SIREN)) {
    const sum = [...siret].reduce((total, d) => total + Number(d), 0);
    return sum % 5 === 0
      ? { valid: true, siret }
      : { valid: false, message: 'Ce SIRET n’est pas valide (clé de contrôle incorrecte).' };
  }
  return luhnValid(siret)
    ? { valid: true, siret }
    : { valid: false, message: 'Ce SIRET n’est pas valide (clé de contrôle incorrecte).' };
}
