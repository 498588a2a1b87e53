/** DSFR form fields that show their error message next to the field. */

interface FieldProps {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error: string | undefined;
}

function Label({ id, label, hint }: { id: string; label: string; hint?: string }) {
  return (
    <label class="fr-label" for={id}>
      <span safe>{label}</span>
      {hint ? (
        <span class="fr-hint-text" safe>
          {hint}
        </span>
      ) : (
        ''
      )}
    </label>
  );
}

export function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p class="fr-error-text" id={`${id}-erreur`} safe>
      {error}
    </p>
  ) : (
    ''
  );
}

export function TextField(
  props: FieldProps & { value: string; autocomplete?: string; inputmode?: 'numeric' | 'decimal' | 'text'; type?: 'text' | 'date' | 'email' | 'tel' },
) {
  const { id, name, error } = props;
  return (
    <div class={`fr-input-group${error ? ' fr-input-group--error' : ''}`}>
      <Label id={id} label={props.label} hint={props.hint} />
      <input
        class={`fr-input${error ? ' fr-input--error' : ''}`}
        id={id}
        name={name}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        aria-describedby={error ? `${id}-erreur` : undefined}
        aria-invalid={error ? 'true' : undefined}
      />
      <ErrorText id={id} error={error} />
    </div>
  );
}

export function SelectField(props: FieldProps & { value: string; options: { value: string; label: string }[]; placeholder: string }) {
  const { id, name, error } = props;
  return (
    <div class={`fr-select-group${error ? ' fr-select-group--error' : ''}`}>
      <Label id={id} label={props.label} hint={props.hint} />
      <select
        class={`fr-select${error ? ' fr-select--error' : ''}`}
        id={id}
        name={name}
        aria-describedby={error ? `${id}-erreur` : undefined}
        aria-invalid={error ? 'true' : undefined}
      >
        <option value="" selected={props.value === ''} disabled safe>
          {props.placeholder}
        </option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value} safe>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={id} error={error} />
    </div>
  );
}

/** The list of errors at the top of a form, each linking to its field. */
export function ErrorSummary({ errors, labels }: { errors: Record<string, string | undefined>; labels: Record<string, { id: string; label: string }> }) {
  const entries = Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0) return '';
  return (
    <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
      <h2 class="fr-alert__title" safe>
        {`Le formulaire contient ${entries.length === 1 ? 'une erreur' : `${entries.length} erreurs`}`}
      </h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${labels[field]?.id ?? field}`} safe>
              {`${labels[field]?.label ?? field} : ${message}`}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TextArea(props: FieldProps & { value: string; rows?: number }) {
  const { id, name, error } = props;
  return (
    <div class={`fr-input-group${error ? ' fr-input-group--error' : ''}`}>
      <Label id={id} label={props.label} hint={props.hint} />
      <textarea
        class={`fr-input${error ? ' fr-input--error' : ''}`}
        id={id}
        name={name}
        rows={String(props.rows ?? 4)}
        aria-describedby={error ? `${id}-erreur` : undefined}
        aria-invalid={error ? 'true' : undefined}
        safe
      >
        {props.value}
      </textarea>
      <ErrorText id={id} error={error} />
    </div>
  );
}

/** A DSFR file field (one file), its error next to it. */
export function FileField({ id, name, label, hint, accept, error }: { id: string; name: string; label: string; hint: string; accept: string; error: string | undefined }) {
  return (
    <div class={`fr-upload-group${error ? ' fr-upload-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        <span safe>{label}</span>
        <span class="fr-hint-text" safe>
          {hint}
        </span>
      </label>
      <input
        class="fr-upload"
        type="file"
        id={id}
        name={name}
        accept={accept}
        required
        aria-describedby={error ? `${id}-erreur` : undefined}
        aria-invalid={error ? 'true' : undefined}
      />
      <ErrorText id={id} error={error} />
    </div>
  );
}
