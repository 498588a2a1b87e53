/** French labels of the audit trail's actions, for the people who read it. */
const LABELS: Record<string, string> = {
  'access.denied': 'Accès refusé',
  'session.signIn': 'Connexion',
  'session.signInRefused': 'Connexion refusée',
  'organisation.create': 'Création d’une organisation',
  'user.oidcBound': 'Compte rattaché à une identité ProConnect',
  'demo.seed': 'Chargement des données de démonstration',
  'apiToken.create': 'Création d’un jeton d’API',
  'apiToken.revoke': 'Révocation d’un jeton d’API',
};

export function auditActionLabel(action: string): string {
  return LABELS[action] ?? action;
}
