/** `npm run cli -- <command>`: admin commands on the configured database (DATABASE_URL or DATA_DIR). */
import { openConfiguredDatabase } from './app.js';
import { migrateToLatest } from './adapters/db/database.js';
import { runCli } from './cli/commands.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const database = await openConfiguredDatabase(config);
try {
  await migrateToLatest(database.db);
  const output = await runCli(database.db, process.argv.slice(2));
  for (const line of output.lines) console.log(line);
  process.exitCode = output.exitCode;
} finally {
  await database.close();
}
