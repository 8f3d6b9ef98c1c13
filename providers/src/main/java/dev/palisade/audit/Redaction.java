package dev.palisade.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides what of an event may enter the audit store. Allow-list first: only fields known to
 * carry no secret keep their values. The secret-name rule then applies on top, so that even a
 * listed name never keeps a value when it looks like a secret.
 */
final class Redaction {

  /** Stands in for a user-event detail whose value is withheld. */
  static final String WITHHELD = "[withheld]";

  /** Where the names of dropped representation fields are listed, at each object level. */
  static final String WITHHELD_FIELDS = "_withheld";

  /** Name endings that mark a secret (the contract's list, and their camel-case forms). */
  private static final List<String> SECRET_SUFFIXES =
      List.of("_secret", "_password", "_token", "_vault_ref", "token", "key");

  /** Name parts that mark a secret wherever they stand in the name. */
  private static final List<String> SECRET_PARTS =
      List.of("secret", "password", "credential", "private", "vault", "certificate");

  /** Keycloak user-event details that describe the event, not a credential. */
  private static final Set<String> SAFE_DETAILS = Set.of(
      "auth_method", "auth_type", "redirect_uri", "consent", "code_id", "username",
      "response_type", "response_mode", "grant_type", "token_id", "refresh_token_id",
      "refresh_token_type", "scope", "remember_me", "identity_provider",
      "identity_provider_identity", "register_method", "updated_email", "previous_email",
      "email", "credential_type", "credential_id", "reason", "custom_required_action",
      "client_auth_method", "requested_issuer", "requested_subject", "audience", "action",
      "first_name", "last_name", "previous_first_name", "previous_last_name", "web_authn_authenticator_user_verification_checked",
      "redirected_to_client", "not_before", "field", "user_id");

  /** Fields of admin representations that name or describe a resource, never a secret. */
  private static final Set<String> SAFE_FIELDS = Set.of(
      "id", "name", "clientId", "username", "email", "emailVerified", "firstName",
      "lastName", "enabled", "realm", "displayName", "description", "type", "protocol",
      "publicClient", "bearerOnly", "standardFlowEnabled", "implicitFlowEnabled",
      "directAccessGrantsEnabled", "serviceAccountsEnabled", "consentRequired",
      "frontchannelLogout", "redirectUris", "webOrigins", "rootUrl", "baseUrl", "adminUrl",
      "alias", "providerId", "providerType", "subType", "parentId", "path", "subGroups",
      "composite", "clientRole", "containerId", "requiredActions", "realmRoles",
      "clientRoles", "groups", "temporary", "userLabel", "priority", "flowId", "topLevel",
      "builtIn", "requirement", "authenticator", "authenticatorFlow", "level", "index",
      "loginTheme", "emailTheme", "accountTheme", "adminTheme", "sslRequired",
      "registrationAllowed", "resetPasswordAllowed", "rememberMe", "verifyEmail",
      "loginWithEmailAllowed", "duplicateEmailsAllowed", "bruteForceProtected",
      "permanentLockout", "failureFactor", "eventsEnabled", "adminEventsEnabled",
      "adminEventsDetailsEnabled", "eventsListeners", "enabledEventTypes", "passwordPolicy",
      "otpPolicyType", "otpPolicyAlgorithm", "otpPolicyDigits", "otpPolicyPeriod",
      "browserFlow", "registrationFlow", "directGrantFlow", "resetCredentialsFlow",
      "clientAuthenticationFlow", "firstBrokerLoginFlow", "defaultRoles", "defaultRole",
      "roles", "attributes", "trustEmail", "storeToken", "linkOnly", "hideOnLogin",
      "protocolMapper", "defaultClientScopes", "optionalClientScopes", "accessTokenLifespan",
      "ssoSessionIdleTimeout", "ssoSessionMaxLifespan", "internationalizationEnabled",
      "defaultLocale", "supportedLocales", "alwaysDisplayInConsole", "fullScopeAllowed",
      "nodeReRegistrationTimeout", "identityProviderAlias", "userId", "userName", "clientScope");

  private Redaction() {
  }

  /** User-event details: known keys keep their value, every other value is withheld. */
  static Map<String, Object> details(Map<String, String> details) {
    Map<String, Object> kept = new TreeMap<>();
    if (details != null) {
      details.forEach((key, value) -> kept.put(key,
          SAFE_DETAILS.contains(key) && !looksSecret(key) ? value : WITHHELD));
    }
    return kept;
  }

  /**
   * An admin representation (parsed JSON): objects keep allow-listed fields only, listing the
   * names they dropped; {@code attributes} and {@code config} maps keep their keys, never values
   * that look secret, since their keys are free-form (authenticator configs, IdP settings).
   */
  static Object representation(Object json) {
    if (json instanceof Map<?, ?> object) {
      Map<String, Object> kept = new TreeMap<>();
      Set<String> withheld = new TreeSet<>();
      object.forEach((rawKey, value) -> {
        String key = String.valueOf(rawKey);
        if (SAFE_FIELDS.contains(key) && !looksSecret(key)) {
          kept.put(key, key.equals("attributes") ? freeFormMap(value) : representation(value));
        } else {
          withheld.add(key);
        }
      });
      if (!withheld.isEmpty()) {
        kept.put(WITHHELD_FIELDS, new ArrayList<>(withheld));
      }
      return kept;
    }
    if (json instanceof List<?> list) {
      return list.stream().map(Redaction::representation).toList();
    }
    return json;
  }

  private static Object freeFormMap(Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      return representation(value);
    }
    Map<String, Object> kept = new TreeMap<>();
    map.forEach((rawKey, entry) -> {
      String key = String.valueOf(rawKey);
      kept.put(key, looksSecret(key) ? WITHHELD : representation(entry));
    });
    return kept;
  }

  static boolean looksSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("credential_type") || lower.equals("credential_id")) {
      return false;
    }
    return SECRET_SUFFIXES.stream().anyMatch(lower::endsWith)
        || SECRET_PARTS.stream().anyMatch(lower::contains);
  }
}
