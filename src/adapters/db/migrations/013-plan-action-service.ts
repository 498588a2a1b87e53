/** Placeholder: filled in by the change that owns it. */
export const statements: string[] = [];
