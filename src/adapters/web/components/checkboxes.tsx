/** A DSFR group of checkboxes, with its error message under the group. */
export function CheckboxGroup(props: {
  id: string;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: string[];
  error: string | undefined;
}) {
  const { id, error } = props;
  return (
    <fieldset class={`fr-fieldset${error ? ' fr-fieldset--error' : ''}`} id={id} aria-labelledby={`${id}-legend ${id}-messages`}>
      <legend class="fr-fieldset__legend--regular fr-fieldset__legend" id={`${id}-legend`} safe>
        {props.legend}
      </legend>
      {props.options.map((o) => (
        <div class="fr-fieldset__element">
          <div class="fr-checkbox-group">
            <input name={props.name} id={`${id}-${o.value}`} type="checkbox" value={o.value} checked={props.checked.includes(o.value)} />
            <label class="fr-label" for={`${id}-${o.value}`} safe>
              {o.label}
            </label>
          </div>
        </div>
      ))}
      <div class="fr-messages-group" id={`${id}-messages`} aria-live="polite">
        {error ? (
          <p class="fr-message fr-message--error" safe>
            {error}
          </p>
        ) : (
          ''
        )}
      </div>
    </fieldset>
  );
}

/** Form bodies give a string for one checked box and an array for several. */
export function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

export function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
