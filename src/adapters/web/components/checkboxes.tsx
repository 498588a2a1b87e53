/** A DSFR fieldset of checkboxes or radio buttons, with its error message under the group. */
function ChoiceGroup(props: {
  kind: 'checkbox' | 'radio';
  id: string;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  isChecked: (value: string) => boolean;
  error: string | undefined;
  inline?: boolean;
}) {
  const { id, error } = props;
  return (
    <fieldset class={`fr-fieldset${error ? ' fr-fieldset--error' : ''}`} id={id} aria-labelledby={`${id}-legend ${id}-messages`}>
      <legend class="fr-fieldset__legend--regular fr-fieldset__legend" id={`${id}-legend`} safe>
        {props.legend}
      </legend>
      {props.options.map((o) => (
        <div class={`fr-fieldset__element${props.inline ? ' fr-fieldset__element--inline' : ''}`}>
          <div class={props.kind === 'radio' ? 'fr-radio-group' : 'fr-checkbox-group'}>
            <input type={props.kind} id={`${id}-${o.value}`} name={props.name} value={o.value} checked={props.isChecked(o.value)} />
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

/** A DSFR group of checkboxes. */
export function CheckboxGroup(props: { id: string; name: string; legend: string; options: { value: string; label: string }[]; checked: string[]; error: string | undefined }) {
  return <ChoiceGroup kind="checkbox" {...props} isChecked={(v) => props.checked.includes(v)} />;
}

/** A DSFR group of radio buttons. */
export function RadioGroup(props: {
  id: string;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  value: string;
  error: string | undefined;
  inline?: boolean;
}) {
  return <ChoiceGroup kind="radio" {...props} isChecked={(v) => v === props.value} />;
}

/** Form bodies give a string for one checked box and an array for several. */
export function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

export function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** One DSFR checkbox on its own (a yes/no choice). */
export function SingleCheckbox(props: { id: string; name: string; label: string; hint?: string; checked: boolean }) {
  return (
    <div class="fr-checkbox-group">
      <input type="checkbox" id={props.id} name={props.name} value="oui" checked={props.checked} />
      <label class="fr-label" for={props.id}>
        <span safe>{props.label}</span>
        {props.hint ? (
          <span class="fr-hint-text" safe>
            {props.hint}
          </span>
        ) : (
          ''
        )}
      </label>
    </div>
  );
}
