/**
 * Orientation of a person to a catalogue service (issue 6 §5): the professional's form from the
 * pathway (or from the service page), and the receiving organisation's answer through its one-time link.
 */
import type { FastifyInstance } from 'fastify';
import { registerAnswerPage } from './answer-page.js';
import { registerOrientPages } from './orient-page.js';

export function registerServiceOrientationRoutes(app: FastifyInstance): void {
  registerOrientPages(app);
  registerAnswerPage(app);
}
