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
  'call.create': 'Création d’un appel',
  'call.update': 'Modification d’un appel',
  'call.status': 'Changement d’état d’un appel',
  'application.create': 'Création d’une candidature',
  'application.section.save': 'Enregistrement d’une section de candidature',
  'application.attachment.add': 'Ajout d’une pièce jointe',
  'application.attachment.remove': 'Retrait d’une pièce jointe',
  'application.invite': 'Invitation d’un co-rédacteur',
  'application.submit': 'Dépôt d’une candidature',
  'application.opinion': 'Avis sur une candidature',
  'application.inviteExpert': 'Invitation d’un expert',
  'application.return': 'Renvoi pour complément',
  'application.decide': 'Décision nationale',
  'call.export': 'Export des candidatures d’un appel',
  'agreement.generate': 'Établissement d’une convention',
  'agreement.sign': 'Signature d’une convention',
  'agreement.payment': 'Versement au titre d’une convention',
};

export function auditActionLabel(action: string): string {
  return LABELS[action] ?? action;
}
