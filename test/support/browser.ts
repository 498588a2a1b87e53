/**
 * Chromium for browser tests (Debian's /usr/bin/chromium through playwright-core), and axe.
 * Without Chromium the browser tests are skipped with a printed line, unless CI=true: then they fail.
 */
import { existsSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(CHROMIUM_PATH);

if (!browserAvailable) {
  if (process.env.CI === 'true') throw new Error(`CI=true mais Chromium est absent (${CHROMIUM_PATH}) : les tests navigateur sont obligatoires en CI.`);
  console.log(`Chromium absent (${CHROMIUM_PATH}) : tests navigateur ignorés.`);
}

/** Pages are seen as a French user in Paris sees them. */
export const FRENCH_CONTEXT = { locale: 'fr-FR', timezoneId: 'Europe/Paris' } as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=fr-FR',
    ],
  });
}

/** Runs axe with the WCAG 2.1 A and AA rules; returns the violations, summarised for a readable failure. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}) : ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`,
  );
}

export const SCREENSHOT_DIR = path.resolve('screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Signs in through the demo page by clicking the button that bears the user's name. */
export async function signInWithDemo(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/connexion/demo`);
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await page.waitForURL(/tableau-de-bord/);
}

/**
 * Runs `run` in a fresh browser context signed in as a demo user, and fails if the page logged a
 * console error — except a form sent back with its errors (answered 422 on purpose; Chromium logs it).
 */
export async function asDemoUser<T>(browser: Browser, baseUrl: string, name: string, run: (page: Page) => Promise<T>): Promise<T> {
  const { expect } = await import('vitest');
  const context = await browser.newContext(FRENCH_CONTEXT);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 422')) consoleErrors.push(m.text());
  });
  try {
    await signInWithDemo(page, baseUrl, name);
    const result = await run(page);
    expect(consoleErrors, `console errors as ${name}`).toEqual([]);
    return result;
  } finally {
    await context.close();
  }
}
