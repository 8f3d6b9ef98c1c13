declare module "@keycloak/keycloak-account-ui/styles.css";
