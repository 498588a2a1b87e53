/**
 * A local SMTP server for tests (the `smtp-server` package) on 127.0.0.1 and a free port: it accepts
 * every mail without authentication and keeps it, with its envelope, its raw source, and its subject
 * and text decoded (RFC 2047 encoded words; quoted-printable, base64, 7bit or 8bit bodies; the first
 * text/plain part of a multipart mail) — enough for what nodemailer sends, without mailparser.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  /** The envelope's MAIL FROM address ('' for a null sender). */
  from: string;
  /** The envelope's RCPT TO addresses. */
  to: string[];
  /** The message as received, headers and encoded body. */
  raw: string;
  /** The Subject header, decoded. */
  subject: string;
  /** The text/plain body, decoded (CRLF turned into LF). */
  text: string;
  receivedAt: Date;
}

export interface SmtpCapture {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  port: number;
  /** Every mail received so far, in order of arrival. */
  messages: CapturedMail[];
  /** Resolves with the first mail (already received or to come) that satisfies the predicate; rejects after timeoutMs. */
  waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

/** Headers of a message or part: lower-cased names, unfolded values (first occurrence wins). */
function splitHeaders(source: string): { headers: Map<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(source);
  const head = match ? source.slice(0, match.index) : source;
  const body = match ? source.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function charsetOf(contentType: string | undefined): BufferEncoding {
  const charset = /charset="?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
  return charset === 'iso-8859-1' || charset === 'latin1' || charset === 'us-ascii' ? 'latin1' : 'utf8';
}

/** Quoted-printable to bytes: soft line breaks removed, =XX turned into the byte; `underscores` for RFC 2047 Q. */
function quotedPrintableBytes(text: string, underscores = false): Buffer {
  const unfolded = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const c = unfolded[i]!;
    const hex = unfolded.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (underscores && c === '_') {
      bytes.push(0x20);
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

/**
 * RFC 2047: « =?UTF-8?Q?Accus=C3=A9_de_r=C3=A9ception?= » → « Accusé de réception ». Adjacent encoded words
 * are joined byte-wise before decoding, so that a character split between two words comes out whole.
 */
export function decodeHeader(value: string): string {
  const word = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
  return value.replace(/=\?[^?]+\?[QqBb]\?[^?]*\?=(?:\s+=\?[^?]+\?[QqBb]\?[^?]*\?=)*/g, (run) => {
    let charset = 'utf-8';
    const bytes: Buffer[] = [];
    for (const [, cs, encoding, text] of run.matchAll(word)) {
      charset = cs!;
      bytes.push(encoding!.toUpperCase() === 'B' ? Buffer.from(text!, 'base64') : quotedPrintableBytes(text!, true));
    }
    return Buffer.concat(bytes).toString(charsetOf(`charset=${charset}`));
  });
}

function decodeBody(body: string, transferEncoding: string | undefined, contentType: string | undefined): string {
  const encoding = (transferEncoding ?? '7bit').toLowerCase();
  const bytes = encoding === 'quoted-printable' ? quotedPrintableBytes(body) : encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : Buffer.from(body, 'utf8');
  return bytes.toString(charsetOf(contentType)).replace(/\r\n/g, '\n');
}

/** The decoded text/plain of a message or part; '' if there is none. */
function textOf(source: string): string {
  const { headers, body } = splitHeaders(source);
  const contentType = headers.get('content-type') ?? 'text/plain';
  if (/^multipart\//i.test(contentType)) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) return '';
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      const text = textOf(part.replace(/^\r?\n/, ''));
      if (text) return text;
    }
    return '';
  }
  if (!/^text\/plain/i.test(contentType)) return '';
  return decodeBody(body.replace(/\r?\n$/, ''), headers.get('content-transfer-encoding'), contentType);
}

/** Decodes what the capture keeps of a raw message (exported for the helper's own checks). */
export function decodeMail(raw: string): { subject: string; text: string } {
  const { headers } = splitHeaders(raw);
  return { subject: decodeHeader(headers.get('subject') ?? ''), text: textOf(raw) };
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...decodeMail(raw),
          receivedAt: new Date(),
        });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise<CapturedMail>((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          const seen = messages.map((m) => `${m.to.join(', ')} : ${m.subject}`).join(' | ') || 'aucun';
          reject(new Error(`Aucun courriel attendu reçu en ${timeoutMs} ms (reçus : ${seen}).`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
