/** Small DSFR building blocks shared by the pages. */
import type { PropsWithChildren } from '@kitajs/html';

/** A DSFR table; `hiddenCaption` when a heading right above already says it (screen readers still read it). */
export function Table({ caption, headers, hiddenCaption, children }: PropsWithChildren<{ caption: string; headers: string[]; hiddenCaption?: boolean }>) {
  return (
    <div class={`fr-table${hiddenCaption ? ' fr-table--no-caption' : ''} fr-table--no-scroll`}>
      <div class="fr-table__wrapper">
        <div class="fr-table__container">
          <div class="fr-table__content">
            <table>
              <caption safe>{caption}</caption>
              <thead>
                <tr>
                  {headers.map((h) => (
                    <th scope="col" safe>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>{children}</tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

export function EmptyState({ title, children }: PropsWithChildren<{ title: string }>) {
  return (
    <div class="fr-callout">
      <p class="fr-callout__title" safe>
        {title}
      </p>
      <div class="fr-callout__text">{children}</div>
    </div>
  );
}

export function Breadcrumb({ items }: { items: { label: string; href?: string }[] }) {
  return (
    <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
      <button class="fr-breadcrumb__button" aria-expanded="false" aria-controls="breadcrumb-1" type="button">
        Voir le fil d’Ariane
      </button>
      <div class="fr-collapse" id="breadcrumb-1">
        <ol class="fr-breadcrumb__list">
          {items.map((item) => (
            <li>
              {item.href ? (
                <a class="fr-breadcrumb__link" href={item.href} safe>
                  {item.label}
                </a>
              ) : (
                <a class="fr-breadcrumb__link" aria-current="page" safe>
                  {item.label}
                </a>
              )}
            </li>
          ))}
        </ol>
      </div>
    </nav>
  );
}

const PARIS_DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'medium',
});

/** Dates are always shown in Europe/Paris, whatever the server's time zone. */
export function formatParis(date: Date): string {
  return PARIS_DATE_TIME.format(date);
}
