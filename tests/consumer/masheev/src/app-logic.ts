// Harness, not a spec sample: the ProfilePage sample's "your app logic".
export async function saveProfile(form: FormData): Promise<void> {
  const entries: Record<string, string> = {};
  form.forEach((value, key) => { entries[key] = String(value); });
  (window.savedProfiles ??= []).push(entries);
}
