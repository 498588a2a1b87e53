/** Text helpers for the receipt: French formatting, and text that the PDF standard fonts can draw. */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { fr } from 'date-fns/locale';
import { PARIS } from '../../domains/shared/paris-time.js';

/** « 27 novembre 2026 à 14:32:05 (heure de Paris) », « 1er mars 2027 à 09:00:00 (heure de Paris) ». */
export function formatParisTimestamp(instant: Date): string {
  const paris = new TZDate(instant.getTime(), PARIS);
  const day = paris.getDate() === 1 ? '1er' : String(paris.getDate());
  return `${day} ${format(paris, "MMMM yyyy 'à' HH:mm:ss", { locale: fr })} (heure de Paris)`;
}

/** « 22420001400010 » → « 224 200 014 00010 »; anything else is shown as given. */
export function formatSiret(siret: string): string {
  const digits = siret.replace(/\s/g, '');
  return /^\d{14}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}` : siret;
}

/** The 64 hexadecimal characters of a digest, cut into lines of `perLine` characters. */
export function digestLines(sha256: string, perLine = 32): string[] {
  const lines: string[] = [];
  for (let i = 0; i < sha256.length; i += perLine) lines.push(sha256.slice(i, i + perLine));
  return lines;
}

/** Characters beyond Latin-1 that the WinAnsi encoding of the standard PDF fonts still has (œ, ’, €…). */
const WIN_ANSI_EXTRA = new Set('ŒœŠšŸŽžƒˆ˜–—‘’‚“”„†‡•…‰‹›€™');
const SPACES = /[\u2000-\u200a\u202f\u205f\u3000]/g; // thin and narrow no-break spaces of French typography

/** Letters that Unicode does not decompose into a base letter and an accent. */
const STROKED: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd' };

/** Printable Latin-1 (not the C0/C1 controls, whose codes WinAnsi gives to other glyphs), plus the extras. */
const encodable = (c: string) => {
  const code = c.charCodeAt(0);
  return (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c);
};

/**
 * Text safe for the standard fonts: line breaks are kept, narrow spaces become no-break spaces, other
 * whitespace a plain space, control characters are dropped; characters the encoding lacks lose their accent (« Dąbrowa » → « Dabrowa »)
 * or become « ? » — never a missing or wrong glyph.
 */
export function winAnsi(text: string): string {
  return [...text.normalize('NFC').replace(SPACES, '\u00a0')]
    .map((c) => {
      if (encodable(c) || c === '\n') return c;
      if (/\s/.test(c)) return ' ';
      if (/\p{Cc}/u.test(c)) return '';
      const bare = c.normalize('NFKD').replace(/\p{M}/gu, '');
      if (bare.length > 0 && [...bare].every(encodable)) return bare;
      return STROKED[c] ?? '?';
    })
    .join('');
}
