import { publicSchema, type PublicSection } from '../../../../domains/ami/entities/application-content.js';
import { TextArea, TextField } from '../../components/form-fields.js';
import { text, type SectionForm } from './types.js';

export const publicForm: SectionForm<PublicSection> = {
  key: 'public',
  labels: { targetPublic: 'Public cible', peopleCount: 'Nombre de personnes accompagnées', coConstruction: 'Participation des personnes' },
  toRaw: (c) => ({ targetPublic: c.targetPublic, peopleCount: c.peopleCount === null ? '' : String(c.peopleCount), coConstruction: c.coConstruction }),
  parse(raw) {
    const errors: Record<string, string> = {};
    const countText = text(raw, 'peopleCount').replace(/[\s\u00a0\u202f]/g, '');
    let peopleCount: number | null = null;
    if (countText !== '') {
      if (/^\d{1,8}$/.test(countText)) peopleCount = Number(countText);
      else errors.peopleCount = 'Indiquez un nombre entier de personnes, par exemple « 2 500 ».';
    }
    const parsed = publicSchema.safeParse({ targetPublic: text(raw, 'targetPublic'), peopleCount, coConstruction: text(raw, 'coConstruction') });
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= 'Ce champ est trop long (4 000 caractères au plus).';
    return Object.keys(errors).length || !parsed.success ? { ok: false, errors } : { ok: true, content: parsed.data };
  },
  Fields: ({ raw, errors }) => (
    <>
      <TextArea id="targetPublic" name="targetPublic" label="Public cible" hint="Qui le projet accompagne-t-il ? (allocataires du RSA, jeunes, personnes en situation de handicap…)" value={text(raw, 'targetPublic')} error={errors.targetPublic} />
      <TextField id="peopleCount" name="peopleCount" label="Nombre estimé de personnes accompagnées" inputmode="numeric" value={text(raw, 'peopleCount')} error={errors.peopleCount} />
      <TextArea id="coConstruction" name="coConstruction" label="Participation des personnes à la construction de la stratégie" value={text(raw, 'coConstruction')} error={errors.coConstruction} />
    </>
  ),
};
