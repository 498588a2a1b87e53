/** Files for upload tests. */
import { readFileSync } from 'node:fs';

/** The first bytes of a Windows executable (MZ … PE), whatever name it is given. */
export function windowsExecutable(): Uint8Array {
  const bytes = new Uint8Array(1024);
  bytes.set([0x4d, 0x5a], 0); // MZ
  bytes.set([0x80, 0, 0, 0], 0x3c); // offset of the PE header
  bytes.set([0x50, 0x45, 0, 0], 0x80); // PE\0\0
  return bytes;
}

export const TINY_PNG = readFileSync('test/fixtures/attachments/tiny.png');
