/** `npm start`: migrations, reference and demo data, then serves http://localhost:PORT until stopped. */
import { createApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const running = await createApp(config);
const { app } = running;
await app.listen({ port: config.port, host: config.host });
app.log.info(`SPIE prêt sur ${config.publicUrl} (base : ${running.database.kind})`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info(`${signal} reçu : arrêt propre (les requêtes en cours se terminent)`);
  const timer = setTimeout(() => {
    app.log.error('arrêt forcé après 25 s');
    process.exit(1);
  }, 25_000);
  timer.unref();
  try {
    await running.close();
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, 'échec de l’arrêt');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
