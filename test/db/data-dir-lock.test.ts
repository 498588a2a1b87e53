import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database.js';

describe('embedded database folder lock', () => {
  it('refuses a second opener of the same folder while the first has it, then lets it in', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'spie-lock-')), 'pglite');
    const first = await openDatabase({ pgliteDir: dir });
    await expect(
      new Promise<string>((resolve) => {
        // Another process, as `npm run cli` next to `npm start` would be.
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import('./src/adapters/db/database.ts').then(m => m.openDatabase({ pgliteDir: ${JSON.stringify(dir)} })).then(() => console.log('ouvert'), (e) => console.log(e.message))`], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('exit', () => resolve(out));
      }),
    ).resolves.toContain('déjà ouverte par un autre processus');
    await first.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const again = await openDatabase({ pgliteDir: dir });
    await again.close();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'spie-lock-')), 'pglite');
    writeFileSync(`${dir}.lock`, '999999');
    const handle = await openDatabase({ pgliteDir: dir });
    await handle.close();
  });
});
