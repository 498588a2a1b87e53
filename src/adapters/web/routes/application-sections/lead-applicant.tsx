import { leadApplicantSchema, type LeadApplicantSection } from '../../../../domains/ami/entities/application-content.js';
import { TextField } from '../../components/form-fields.js';
import { text, type SectionForm } from './types.js';

export const leadApplicantForm: SectionForm<LeadApplicantSection> = {
  key: 'leadApplicant',
  labels: { contactName: 'Nom du contact', contactEmail: 'Adresse électronique du contact', contactPhone: 'Téléphone du contact' },
  toRaw: (c) => ({ contactName: c.contactName, contactEmail: c.contactEmail, contactPhone: c.contactPhone }),
  parse(raw) {
    const candidate = { contactName: text(raw, 'contactName'), contactEmail: text(raw, 'contactEmail'), contactPhone: text(raw, 'contactPhone') };
    const parsed = leadApplicantSchema.safeParse(candidate);
    if (parsed.success) return { ok: true, content: parsed.data };
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      errors[field] = field === 'contactEmail' ? 'Indiquez une adresse électronique valide, par exemple nom@departement.fr.' : 'Ce champ est trop long.';
    }
    return { ok: false, errors };
  },
  Fields: ({ raw, errors }) => (
    <>
      <TextField id="contactName" name="contactName" label="Nom et fonction de la personne à contacter" value={text(raw, 'contactName')} error={errors.contactName} autocomplete="name" />
      <TextField id="contactEmail" name="contactEmail" type="email" label="Adresse électronique" value={text(raw, 'contactEmail')} error={errors.contactEmail} autocomplete="email" />
      <TextField id="contactPhone" name="contactPhone" type="tel" label="Téléphone" value={text(raw, 'contactPhone')} error={errors.contactPhone} autocomplete="tel" />
    </>
  ),
};
