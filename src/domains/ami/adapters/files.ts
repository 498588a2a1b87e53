/** Files kept in the database (attachments, receipts), so that every instance sees them and backups hold them. */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';

export async function storeFile(db: Kysely<Database> | Transaction<Database>, bytes: Uint8Array, mediaType: string, now: Date): Promise<number> {
  const row = await db
    .insertInto('stored_file')
    .values({ sha256: createHash('sha256').update(bytes).digest('hex'), media_type: mediaType, size_bytes: bytes.byteLength, content: Buffer.from(bytes), created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function readFile(db: Kysely<Database>, id: number): Promise<{ bytes: Buffer; mediaType: string; sha256: string } | null> {
  const row = await db.selectFrom('stored_file').select(['content', 'media_type', 'sha256']).where('id', '=', id).executeTakeFirst();
  // PGlite gives a Uint8Array, pg a Buffer.
  return row ? { bytes: Buffer.from(row.content), mediaType: row.media_type, sha256: row.sha256 } : null;
}
