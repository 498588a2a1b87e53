/**
 * AMI-22: the national decision respects the call's slots — never more selected applications than
 * laureate slots.
 */
export function canSelectAnother(alreadySelected: number, laureateSlots: number): boolean {
  return alreadySelected < laureateSlots;
}

export function slotsMessage(alreadySelected: number, laureateSlots: number): string {
  return `Les ${laureateSlots} places de lauréat de cet appel sont déjà attribuées (${alreadySelected} candidatures retenues) : retirez d’abord une sélection.`;
}
