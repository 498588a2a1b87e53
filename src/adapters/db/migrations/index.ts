import type { Migration, MigrationProvider } from 'kysely';
import { sql } from 'kysely';
import * as foundation from './001-foundation.js';
import * as ami from './002-ami-calls-applications.js';
import * as review from './003-ami-review.js';
import * as agreements from './004-grant-agreements.js';
import * as reminders from './005-reminders.js';
import * as letters from './006-decision-letters.js';
import * as collaboration from './007-review-collaboration.js';
import * as pathways from './008-pathways.js';
import * as catalogue from './009-catalogue.js';
import * as catalogueSearch from './010-catalogue-search.js';
import * as serviceOrientation from './011-service-orientation.js';
import * as catalogueSearchText from './012-catalogue-search-text.js';
import * as planActionService from './013-plan-action-service.js';
import * as communeCoordinates from './014-commune-coordinates.js';

/** Migrations are plain lists of SQL statements, run one by one (PGlite's query takes one statement). */
const all: Record<string, { statements: string[] }> = {
  '001-foundation': foundation,
  '002-ami-calls-applications': ami,
  '003-ami-review': review,
  '004-grant-agreements': agreements,
  '005-reminders': reminders,
  '006-decision-letters': letters,
  '007-review-collaboration': collaboration,
  '008-pathways': pathways,
  '009-catalogue': catalogue,
  '010-catalogue-search': catalogueSearch,
  '011-service-orientation': serviceOrientation,
  '012-catalogue-search-text': catalogueSearchText,
  '013-plan-action-service': planActionService,
  '014-commune-coordinates': communeCoordinates,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    const migrations: Record<string, Migration> = {};
    for (const [name, { statements }] of Object.entries(all)) {
      migrations[name] = {
        async up(db) {
          for (const statement of statements) await sql.raw(statement).execute(db);
        },
      };
    }
    return migrations;
  },
};
