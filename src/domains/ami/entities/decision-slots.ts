/**
 * AMI-22: the national decision respects the call's slots — never more selected applications than
 * laureate slots.
 */
export function canSelectAnother(alreadySelected: number, laureateSlots: number): boolean {
  return alreadySelected < laureateSlots;
}

export function slotsMessage(alreadySelected: number, laureateSlots: number): string {
  const places = laureateSlots === 1 ? 'La place de lauréat de cet appel est déjà attribuée' : `Les ${laureateSlots} places de lauréat de cet appel sont déjà attribuées`;
  const retained = alreadySelected === 1 ? '1 candidature retenue' : `${alreadySelected} candidatures retenues`;
  return `${places} (${retained}) : retirez d’abord une sélection.`;
}
