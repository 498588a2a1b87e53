/** What the pages of the RSA list import share: paths, breadcrumb, counts in French, the table of skipped rows. */
import type { RowError } from '../../../../domains/pathway/entities/import-rows.js';
import { Breadcrumb, Table } from '../../components/ui.js';
import type { ImportStatus } from './import-records.js';

/** Rows shown in a table of skipped rows; beyond, the page says how many more there are. */
export const MAX_ERRORS_SHOWN = 1000;

export const importsPath = (spaceId: number) => `/spie/${spaceId}/imports`;
export const importPath = (spaceId: number, importId: number) => `/spie/${spaceId}/imports/${importId}`;

export const STATUS_LABELS: Record<ImportStatus, { label: string; badge: string }> = {
  uploaded: { label: 'colonnes à choisir', badge: 'fr-badge--info' },
  checked: { label: 'à vérifier avant import', badge: 'fr-badge--info' },
  running: { label: 'en cours', badge: 'fr-badge--new' },
  done: { label: 'terminé', badge: 'fr-badge--success' },
  failed: { label: 'échec', badge: 'fr-badge--error' },
};

/** « 0 ligne », « 1 ligne », « 1 000 lignes »: French takes the singular below 2. */
export function count(n: number, singular: string, plural: string): string {
  return `${n.toLocaleString('fr-FR')} ${n < 2 ? singular : plural}`;
}

export function ImportBreadcrumb({ space, here }: { space: { id: number; name: string }; here?: string }) {
  const items: { label: string; href?: string }[] = [
    { label: 'Accueil', href: '/' },
    { label: 'Mon SPIE', href: '/spie' },
    { label: space.name, href: `/spie/${space.id}` },
    here ? { label: 'Import des listes RSA', href: importsPath(space.id) } : { label: 'Import des listes RSA' },
  ];
  if (here) items.push({ label: here });
  return <Breadcrumb items={items} />;
}

/** The skipped rows: line of the file and reason. */
export function RowErrorsTable({ errors, caption }: { errors: RowError[]; caption: string }) {
  const shown = errors.slice(0, MAX_ERRORS_SHOWN);
  const more: string = errors.length > shown.length ? `Les ${shown.length.toLocaleString('fr-FR')} premières lignes sont affichées, sur ${errors.length.toLocaleString('fr-FR')}.` : '';
  return (
    <>
      <Table caption={caption} headers={['Ligne du fichier', 'Motif']}>
        {shown.map((e) => (
          <tr>
            <td safe>{String(e.line)}</td>
            <td safe>{e.reason}</td>
          </tr>
        ))}
      </Table>
      {more ? (
        <p class="fr-text--sm" safe>
          {more}
        </p>
      ) : (
        ''
      )}
    </>
  );
}
