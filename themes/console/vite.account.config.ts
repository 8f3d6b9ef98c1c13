import { fileURLToPath } from "node:url";
import { consoleBuild } from "./vite.console.ts";

// The account console package ships its styles but does not export them (the admin one
// does, as "./styles.css"); the alias names the file the same way.
export default consoleBuild("src/account/main.tsx", "account", {
  "@keycloak/keycloak-account-ui/styles.css": fileURLToPath(
    new URL("./node_modules/@keycloak/keycloak-account-ui/lib/keycloak-account-ui.css", import.meta.url),
  ),
});
