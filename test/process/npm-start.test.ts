/**
 * `npm start` as a deployer runs it: a real process on the embedded database in DATA_DIR.
 * First start seeds the demo; SIGTERM stops it cleanly; a second start keeps the data.
 * The logs carry request ids but no personal data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpSession } from '../support/http.js';
import { freePort } from '../support/ports.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitHealthy(url: string, started: Started): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (started.child.exitCode !== null) throw new Error(`Le processus s’est arrêté :\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Pas prêt après 60 s :\n${started.output()}`);
}

describe('npm start', () => {
  it('serves the DSFR home page, stops cleanly on SIGTERM and keeps its data on restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'spie-start-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { DATA_DIR: dataDir, PORT: String(port) };

    const first = start(env);
    await waitHealthy(url, first);
    const home = await (await fetch(`${url}/`)).text();
    expect(home).toContain('Service public de l’insertion et de l’emploi');
    expect(home).toContain('/dsfr/dsfr.min.css');
    const css = await fetch(`${url}/dsfr/dsfr.min.css`);
    expect(css.status).toBe(200);
    const cssLength = (await css.text()).length;
    expect(cssLength).toBeGreaterThan(100_000);

    // Sign in as a demo user and look at an organisation page: personal data must not reach the logs.
    const s = new HttpSession(url);
    const demo = await (await s.get('/connexion/demo')).text();
    const nadiaId = /name="userId" value="(\d+)"[^]*?Nadia Benali/.exec(demo)?.[1];
    expect(nadiaId).toBeDefined();
    await s.signInAsId(Number(nadiaId));
    expect(await (await s.get('/admin/utilisateurs')).text()).toContain('nadia.benali@dgefp.demo.test');
    const cookie = s.cookie('spie_session')!;

    // A request under way when SIGTERM arrives (headers received, body not yet read) still arrives whole.
    const inFlight = await fetch(`${url}/dsfr/dsfr.min.css`);
    first.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    expect((await inFlight.text()).length).toBe(cssLength);
    expect(await first.exited, first.output().slice(-3000)).toBe(0);
    const logs = first.output();
    expect(logs).toContain('arrêt propre');
    expect(logs).toMatch(/"reqId":"[0-9a-f-]{36}"/);
    for (const personal of ['Nadia', 'Benali', 'nadia.benali', cookie]) expect(logs).not.toContain(personal);
    const requestLines = logs.split('\n').filter((l) => l.includes('"reqId"'));
    expect(requestLines.length).toBeGreaterThan(5);
    for (const line of requestLines) expect(line).not.toMatch(/127\.0\.0\.1|remoteAddress|user-agent|cookie/i);

    const second = start(env);
    await waitHealthy(url, second);
    const again = await fetch(`${url}/admin/utilisateurs`, { headers: { cookie: `spie_session=${cookie}` } });
    expect(again.status).toBe(200); // the session survived the restart
    const html = await again.text();
    expect(html.match(/nadia\.benali@dgefp\.demo\.test/g)).toHaveLength(1); // demo data not loaded twice
    second.child.kill('SIGTERM');
    expect(await second.exited, second.output().slice(-3000)).toBe(0);
  }, 180_000);
});
