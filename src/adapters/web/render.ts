import type { FastifyReply } from 'fastify';

export async function sendPage(reply: FastifyReply, html: JSX.Element, status = 200): Promise<FastifyReply> {
  const body = await html;
  return reply.status(status).type('text/html; charset=utf-8').send(body.startsWith('<html') ? `<!doctype html>${body}` : body);
}
