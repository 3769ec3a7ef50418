// The spec's "Updating the contact from React" sample (ProfilePage), verbatim
// except for the lines marked [added] (test_masheev_samples.py checks this).
import { DEV_FRAME } from "./dev-server.js"; // [added]
import { saveProfile } from "./app-logic.js"; // [added] the sample's "your app logic"
import { useMasheev } from "@masheev/embed-sdk/react";
function ProfilePage() {
const { updateContact } = useMasheev({
inboxId: "inbox_abc",
mode: "chat-widget",
baseUrl: DEV_FRAME, // [added] the sample relies on the default base (https://iframe.masheev.com)
});
async function handleProfileSave(form: FormData) {
await saveProfile(form); // your app logic
// Sync the updated info to the Masheev contact record
updateContact({
name: form.get("name") as string,
email: form.get("email") as string,
company: form.get("company") as string,
});
}
return <form onSubmit={(e) => { e.preventDefault(); handleProfileSave(new FormData(e.currentTarget)); }}>...</form>;
}
export { ProfilePage }; // [added]
